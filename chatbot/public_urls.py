from django.urls import path

from chatbot import public_views

urlpatterns = [
    path("widget.js", public_views.widget_js, name="chat-widget-js"),
    path("demo/", public_views.demo_page, name="chat-demo"),
]
