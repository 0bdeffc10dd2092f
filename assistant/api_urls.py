from django.urls import path

from assistant import api

urlpatterns = [
    path("traffic/", api.TrafficIngestView.as_view(), name="api-assistant-traffic"),
    path("analytics/", api.AnalyticsDailyView.as_view(), name="api-assistant-analytics"),
    path("analytics/rollup/", api.AnalyticsRollupView.as_view(), name="api-assistant-rollup"),
    path("actions/", api.ActionListView.as_view(), name="api-assistant-actions"),
]
