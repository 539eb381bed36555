"""Paged lists: a page of results and the parameters of the GOV.UK pagination component for it."""

from django.core.paginator import Page, Paginator
from django.http import QueryDict


def paginate(items, query: QueryDict, per_page: int = 25) -> tuple[Page, dict | None]:
    """The page asked for in `query` ("page"), and govukPagination's parameters (None when one page holds all);
    each link keeps the other parameters of the query (the filters)."""
    page = Paginator(items, per_page).get_page(query.get("page"))
    if page.paginator.num_pages <= 1:
        return page, None
    rest = query.copy()
    rest.pop("page", None)
    base = "?" + (rest.urlencode() + "&" if rest else "")
    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == Paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": f"{base}page={number}", "current": number == page.number})
    return page, {
        "previous": {"href": f"{base}page={page.previous_page_number()}"} if page.has_previous() else None,
        "next": {"href": f"{base}page={page.next_page_number()}"} if page.has_next() else None,
        "items": items,
    }
