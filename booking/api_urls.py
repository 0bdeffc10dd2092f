from django.urls import path

from booking import api

urlpatterns = [
    path("services/", api.ServiceListView.as_view(), name="booking-api-services"),
    path("staff/", api.StaffListView.as_view(), name="booking-api-staff"),
    path("rules/", api.RulesView.as_view(), name="booking-api-rules"),
    path("rules/<int:staff_id>/", api.StaffRulesView.as_view(), name="booking-api-staff-rules"),
    path("slots/", api.SlotListView.as_view(), name="booking-api-slots"),
    path("bookings/", api.BookingListView.as_view(), name="booking-api-bookings"),
    path("bookings/<int:pk>/", api.BookingDetailView.as_view(), name="booking-api-booking"),
    path("bookings/<int:pk>/cancel/", api.BookingCancelView.as_view(), name="booking-api-cancel"),
    path("bookings/<int:pk>/confirm/", api.BookingConfirmView.as_view(), name="booking-api-confirm"),
    path("bookings/<int:pk>/reschedule/", api.BookingRescheduleView.as_view(), name="booking-api-reschedule"),
]
