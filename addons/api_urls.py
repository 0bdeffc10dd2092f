from django.urls import path

from addons import api

urlpatterns = [
    path("tickets/", api.TicketListView.as_view(), name="api-addons-tickets"),
    path("tickets/<int:pk>/", api.TicketDetailView.as_view(), name="api-addons-ticket"),
    path("pricing-rules/", api.PricingRuleListView.as_view(), name="api-addons-pricing-rules"),
    path("pricing-rules/<int:pk>/", api.PricingRuleDetailView.as_view(), name="api-addons-pricing-rule"),
    path("pricing-rules/quote/", api.PricingQuoteView.as_view(), name="api-addons-pricing-quote"),
    path("size-charts/", api.SizeChartListView.as_view(), name="api-addons-size-charts"),
    path("size-charts/<int:pk>/", api.SizeChartDetailView.as_view(), name="api-addons-size-chart"),
    path("stock-alerts/", api.StockNotificationListView.as_view(), name="api-addons-stock-alerts"),
    path("rfqs/", api.RfqListView.as_view(), name="api-addons-rfqs"),
    path("rfqs/<int:pk>/draft-quote/", api.RfqDraftQuoteView.as_view(), name="api-addons-rfq-draft"),
    path("lead-scores/", api.LeadScoreListView.as_view(), name="api-addons-lead-scores"),
    path("finder-responses/", api.FinderResponseListView.as_view(), name="api-addons-finder"),
    path("descriptions/", api.DescriptionDraftView.as_view(), name="api-addons-descriptions"),
    path("faq-drafts/", api.FaqDraftsView.as_view(), name="api-addons-faq-drafts"),
]
