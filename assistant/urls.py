from django.urls import path

from assistant import views, views_actions

urlpatterns = [
    path("", views.chat_page, name="assistant-chat"),
    path("sessions/new/", views.session_new, name="assistant-session-new"),
    path("sessions/<str:public_id>/messages/", views.message_create, name="assistant-message-create"),
    path("sessions/<str:public_id>/stream/", views.message_stream, name="assistant-stream"),
    path("analytics/", views.analytics_page, name="assistant-analytics"),
    path("actions/", views_actions.action_inbox, name="assistant-actions"),
    path("actions/bulk/", views_actions.action_bulk, name="assistant-actions-bulk"),
    path("actions/<int:action_id>/approve/", views_actions.action_approve, name="assistant-action-approve"),
    path("actions/<int:action_id>/reject/", views_actions.action_reject, name="assistant-action-reject"),
    path("actions/<int:action_id>/retry/", views_actions.action_retry, name="assistant-action-retry"),
    path("actions/<int:action_id>/edit/", views_actions.action_edit, name="assistant-action-edit"),
    path("memory/", views_actions.memory_page, name="assistant-memory"),
    path("memory/<int:memory_id>/delete/", views_actions.memory_delete, name="assistant-memory-delete"),
]
