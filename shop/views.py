"""Owner dashboard: the products page (/shop/) with htmx live search."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from shop import selectors

PAGE_SIZE = 50


@login_required
def product_list(request):
    query = request.GET.get("q", "").strip()[:200]
    in_stock = request.GET.get("in_stock") == "1"
    source = (
        selectors.ProductSearchResults(query=query, in_stock_only=in_stock)
        if query
        else selectors.product_list(in_stock_only=in_stock)
    )
    page = Paginator(source, PAGE_SIZE).get_page(request.GET.get("page"))
    hits = [
        item if isinstance(item, selectors.ProductHit) else selectors.product_hits([item])[0] for item in page
    ]
    context = {"page": page, "hits": hits, "query": query, "in_stock": in_stock}
    # htmx swaps only the results; a normal request gets the whole page.
    template = "shop/_product_results.html" if request.headers.get("HX-Request") else "shop/products.html"
    return render(request, template, context)
