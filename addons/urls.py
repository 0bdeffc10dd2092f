from django.urls import path

from addons import views, views_more

urlpatterns = [
    path("", views.overview, name="addons-overview"),
    path("tickets/", views.tickets, name="addons-tickets"),
    path("tickets/<int:pk>/status/", views.ticket_status, name="addons-ticket-status"),
    path("pricing/", views.pricing_rules, name="addons-pricing"),
    path("pricing/new/", views.pricing_rule_edit, name="addons-pricing-new"),
    path("pricing/<int:pk>/", views.pricing_rule_edit, name="addons-pricing-edit"),
    path("pricing/<int:pk>/delete/", views.pricing_rule_delete, name="addons-pricing-delete"),
    path("sizes/", views.size_charts, name="addons-sizes"),
    path("sizes/new/", views.size_chart_edit, name="addons-sizes-new"),
    path("sizes/<int:pk>/", views.size_chart_edit, name="addons-sizes-edit"),
    path("sizes/<int:pk>/delete/", views.size_chart_delete, name="addons-sizes-delete"),
    path("stock-alerts/", views_more.stock_alert_list, name="addons-stock-alerts"),
    path("stock-alerts/send/", views_more.stock_alerts_send_now, name="addons-stock-alerts-send"),
    path("rfqs/", views_more.rfqs, name="addons-rfqs"),
    path("rfqs/<int:pk>/draft/", views_more.rfq_draft, name="addons-rfq-draft"),
    path("leads/", views_more.lead_scores, name="addons-leads"),
    path("leads/score/", views_more.lead_scores_refresh, name="addons-leads-score"),
    path("finder/", views_more.finder_responses, name="addons-finder"),
    path("descriptions/", views_more.descriptions, name="addons-descriptions"),
    path(
        "descriptions/<int:product_id>/draft/", views_more.description_draft, name="addons-description-draft"
    ),
    path("faqs/", views_more.faq_generator, name="addons-faqs"),
    path("faqs/generate/", views_more.faq_generate, name="addons-faqs-generate"),
]
