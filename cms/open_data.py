"""The open-data catalogue (/api/v3/open-data/): every register the installed modules publish
(cms.modules.OpenDataSet) with the addresses of its CSV and JSON downloads."""
from django.http import HttpRequest
from ninja import Router, Schema

from .api_helpers import public
from .modules import load, modules

router = Router(tags=["open data"])


class DatasetOut(Schema):
    module: str
    key: str
    title: str
    downloads: dict[str, str]  # format ("csv", "json", "geojson") -> address


def catalogue(request) -> list[dict]:
    """Published datasets in module order; a register that is not published yet (no index page) is left out."""
    datasets = []
    for config, manifest in modules():
        for dataset in manifest.open_data:
            urls = load(dataset.urls)(request, dataset.key)
            if urls:
                datasets.append({"module": config.label, "key": dataset.key, "title": str(dataset.title),
                                 "downloads": urls})
    return datasets


@router.get("/", response=list[DatasetOut], auth=public, url_name="open_data_catalogue",
            summary="The open-data catalogue: every public register with its CSV and JSON addresses")
def open_data_catalogue(request: HttpRequest):
    return catalogue(request)
