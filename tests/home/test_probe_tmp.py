import json, pytest
from tests.factories import NewsPageFactory, ImageFactory

@pytest.mark.django_db
def test_probe(client, news_index, transport):
    img = ImageFactory()
    a = NewsPageFactory(parent=news_index, title="A", categories=[transport], tags=["x"], main_image=img, body=[("paragraph", "<p>Hi</p>")])
    for url in ["/api/v3/home/news/", f"/api/v3/home/news/{a.pk}/", "/api/v3/pages/?type=home.NewsPage", f"/api/v3/pages/{a.pk}/", "/api/v3/home/news/?limit=101", "/api/v3/home/news/?month=2025-13", "/api/v3/home/news/?category=zz", "/api/v3/home/news/999999/", "/api/v3/home/search/?q=", "/api/v3/home/news/abc/", "/api/v3/home/events/?period=x", "/api/v3/home/news/?official=maybe", "/api/v3/home/news/?offset=-1", "/api/v3/pages/?type=home.NewsPage&fields=lead,date"]:
        r = client.get(url)
        print(url, r.status_code, r["Content-Type"])
        print(r.content.decode()[:900])
    r = client.get("/api/v3/openapi.json")
    print(list(r.json()["paths"])[:40])
