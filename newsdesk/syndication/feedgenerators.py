"""Feed formats beyond Django's: each subclasses a django.utils.feedgenerator class and adds its
elements after calling super(), so Django's escaping and date handling stay in charge."""

import json

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date

MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
YANDEX_NS = "http://news.yandex.ru"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with content:encoded (full text), media:content (lead photo) and WebSub links."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        # Django adds atom:link rel=self itself; we add the hub next to it.
        super().add_root_elements(handler)
        if self.feed.get("hub_url"):
            handler.addQuickElement("atom:link", attrs={"rel": "hub", "href": self.feed["hub_url"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("updateddate"):
            # RSS 2.0 has no update date; atom:updated is the common extension readers know.
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        image = item.get("image")
        if image:
            url, width, height, _size = image
            handler.startElement(
                "media:content",
                {
                    "url": url,
                    "medium": "image",
                    "type": "image/jpeg",
                    "width": str(width),
                    "height": str(height),
                },
            )
            if item.get("image_caption"):
                handler.addQuickElement("media:description", item["image_caption"])
            if item.get("image_credit"):
                handler.addQuickElement("media:credit", item["image_credit"])
            handler.endElement("media:content")


class NewsAtomFeed(Atom1Feed):
    """Atom 1.0 (RFC 4287) with full content, the lead photo as an enclosure link and WebSub."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub_url"):
            handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed["hub_url"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class YandexFeed(NewsRssFeed):
    """The full-text RSS that Yandex News and Dzen ingest: our RSS (content:encoded, the photo
    as an enclosure) plus yandex:full-text and yandex:genre."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:yandex": YANDEX_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("yandex:genre", "message")
        if item.get("full_text"):
            handler.addQuickElement("yandex:full-text", item["full_text"])


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self.item_json(item) for item in self.items],
        }
        if feed.get("hub_url"):
            data["hubs"] = [{"type": "WebSub", "url": feed["hub_url"]}]
        outfile.write(json.dumps(data, ensure_ascii=False, indent=1))

    def item_json(self, item):
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["description"],
            "date_published": rfc3339_date(item["pubdate"]),
        }
        if item.get("updateddate"):
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        if item.get("content_html"):
            entry["content_html"] = item["content_html"]
        if item.get("image"):
            entry["image"] = item["image"][0]
        if item.get("authors"):
            entry["authors"] = [{"name": name} for name in item["authors"]]
        if item.get("categories"):
            entry["tags"] = list(item["categories"])
        return entry
