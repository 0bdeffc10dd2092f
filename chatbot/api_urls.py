from django.urls import path

from chatbot import api, widget_api

urlpatterns = [
    path("widget/config/", widget_api.config_view, name="chat-widget-config"),
    path("widget/sessions/", widget_api.sessions_view, name="chat-widget-sessions"),
    path("widget/sessions/<str:session_id>/messages/", widget_api.messages_view, name="chat-widget-messages"),
    path("widget/sessions/<str:session_id>/stream/", widget_api.stream_view, name="chat-widget-stream"),
    path("widget/sessions/<str:session_id>/lead/", widget_api.lead_view, name="chat-widget-lead"),
    path("widget/sessions/<str:session_id>/handoff/", widget_api.handoff_view, name="chat-widget-handoff"),
    path("widget/visitor/", widget_api.visitor_view, name="chat-widget-visitor"),
    path("visitors/<str:visitor_id>/", api.VisitorDataView.as_view(), name="chat-visitor-data"),
    path("leads/", api.LeadListView.as_view(), name="chat-leads"),
]
