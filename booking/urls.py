from django.urls import path

from booking import public_views, views

urlpatterns = [
    # Owner dashboard (login + booking feature)
    path("", views.index, name="booking-index"),
    path("services/", views.service_list, name="booking-services"),
    path("services/<int:pk>/", views.service_list, name="booking-service-edit"),
    path("staff/", views.staff_list, name="booking-staff"),
    path("staff/<int:pk>/", views.staff_list, name="booking-staff-edit"),
    path("rules/", views.rules_edit, name="booking-rules"),
    path("rules/sync/", views.rules_sync, name="booking-rules-sync"),
    path("rules/<int:staff_id>/", views.rules_edit, name="booking-staff-rules"),
    path("rules/<int:staff_id>/sync/", views.rules_sync, name="booking-staff-rules-sync"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/confirm/", views.booking_confirm, name="booking-confirm"),
    path("bookings/<int:pk>/reschedule/", views.booking_reschedule, name="booking-reschedule"),
    # Public (no login): booking page, customer's manage link, staff iCal feed
    path("book/", public_views.book, name="booking-book"),
    path("book/done/<str:token>/", public_views.done, name="booking-done"),
    path("manage/<str:token>/", public_views.manage, name="booking-manage"),
    path("feed/<int:staff_id>/<str:secret>.ics", public_views.staff_feed, name="booking-staff-feed"),
]
