from django.urls import path

from emailing import views

urlpatterns = [
    path("", views.draft_list, name="email-drafts"),
    path("drafts/<int:draft_id>/", views.draft_detail, name="email-draft"),
    path("drafts/<int:draft_id>/approve/", views.draft_approve, name="email-draft-approve"),
    path("drafts/<int:draft_id>/send/", views.draft_send, name="email-draft-send"),
    path("drafts/<int:draft_id>/resolve/", views.draft_resolve, name="email-draft-resolve"),
    path("settings/", views.settings_page, name="email-settings"),
]
