from django.urls import path

from emailing import api

urlpatterns = [
    path("drafts/", api.DraftListView.as_view(), name="api-email-drafts"),
    path("drafts/<int:draft_id>/", api.DraftDetailView.as_view(), name="api-email-draft"),
    path("drafts/<int:draft_id>/approve/", api.DraftApproveView.as_view(), name="api-email-draft-approve"),
    path("drafts/<int:draft_id>/send/", api.DraftSendView.as_view(), name="api-email-draft-send"),
    path("connection/test/", api.ConnectionTestView.as_view(), name="api-email-connection-test"),
]
