from django.urls import path

from shop import api

urlpatterns = [
    path("sync/products/", api.ProductSyncView.as_view(), name="api-shop-sync-products"),
    path("sync/orders/", api.OrderSyncView.as_view(), name="api-shop-sync-orders"),
    path("sync/company/", api.CompanySyncView.as_view(), name="api-shop-sync-company"),
    path("products/", api.ProductListView.as_view(), name="api-shop-products"),
    path("products/<int:pk>/", api.ProductDetailView.as_view(), name="api-shop-product"),
    path("orders/", api.OrderListView.as_view(), name="api-shop-orders"),
    path("orders/<int:pk>/", api.OrderDetailView.as_view(), name="api-shop-order"),
    path("company/", api.CompanyView.as_view(), name="api-shop-company"),
]
