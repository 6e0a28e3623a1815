"""The dashboard's routes by page: each module's ``router(pages)`` gives an APIRouter under
``/dashboard`` built over the one ``tamga.dashboard.pages.Pages`` (``tamga.dashboard.web``
mounts them all)."""
