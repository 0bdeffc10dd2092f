from django.urls import path

from features import api

urlpatterns = [
    path("features/", api.FeatureListView.as_view(), name="api-features"),
    path("features/<str:agent>/<str:feature>/", api.FeatureDetailView.as_view(), name="api-feature"),
]
