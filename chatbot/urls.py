from django.urls import path

from chatbot import views

urlpatterns = [
    path("", views.inbox, name="chat-inbox"),
    path("<int:pk>/", views.transcript, name="chat-transcript"),
    path("<int:pk>/reply/", views.reply, name="chat-reply"),
    path("<int:pk>/hand-back/", views.hand_back, name="chat-hand-back"),
    path("leads/", views.leads, name="chat-leads-page"),
    path("leads.csv", views.leads_csv, name="chat-leads-csv"),
    path("faqs/", views.faqs, name="chat-faqs"),
    path("faqs/new/", views.faq_edit, name="chat-faq-new"),
    path("faqs/<int:pk>/", views.faq_edit, name="chat-faq-edit"),
    path("faqs/<int:pk>/status/", views.faq_status, name="chat-faq-status"),
    path("settings/", views.settings_page, name="chat-settings"),
    path("visitors/", views.visitor_data, name="chat-visitor"),
]
