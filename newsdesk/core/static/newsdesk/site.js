// Newsdesk: the menu button on phones, "Show more news" and "N new stories — show" on All news.
// Plain JS, no dependencies; without it every page works as plain HTML.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Menu and search buttons (phones): CSS shows them from the first paint; without JS, a
  // <noscript> style hides them and shows the plain list and the search box.
  var folds = [];
  var fold = function (button, panel, focusTarget) {
    if (!button || !panel) return;
    var toggle = function (open) {
      button.setAttribute("aria-expanded", String(open));
      panel.classList.toggle("is-open", open);
      if (open) { var first = panel.querySelector(focusTarget); if (first) first.focus(); }
    };
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      // One panel at a time: opening search folds the menu, and the other way round.
      folds.forEach(function (other) { if (other.button !== button) other.toggle(false); });
      toggle(open);
    });
    folds.push({ button: button, toggle: toggle });
  };
  fold(document.querySelector(".menu-button"), document.getElementById("site-menu"), "a");
  fold(document.querySelector(".search-button"), document.getElementById("site-search"), "input");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    folds.forEach(function (item) {
      if (item.button.getAttribute("aria-expanded") === "true") { item.toggle(false); item.button.focus(); }
    });
  });

  // "Show more news": fetch the next batch (the same page the link leads to without JS),
  // append its items under the right date headings, and move the link on.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-show-more]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    var box = link.closest("[data-news-more]");
    var list = document.querySelector("[data-news-list]");
    if (link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    var label = link.textContent;
    link.textContent = box.dataset.loadingText;
    fetch(link.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var firstNew = null;
        doc.querySelectorAll("[data-news-list] .news-day").forEach(function (day) {
          var existing = list.querySelector('.news-day[data-day="' + day.dataset.day + '"] .news-day__items');
          if (existing) {
            day.querySelectorAll(".news-day__items > li").forEach(function (item) {
              existing.appendChild(item); firstNew = firstNew || item;
            });
          } else {
            list.appendChild(day); firstNew = firstNew || day;
          }
        });
        var next = doc.querySelector("[data-news-more] [data-show-more]");
        if (next) {
          link.href = next.getAttribute("href");
          link.textContent = label;
          link.removeAttribute("aria-busy");
        } else {
          link.remove();
        }
        var focusTarget = firstNew && firstNew.querySelector("a");
        if (focusTarget) focusTarget.focus({ preventScroll: false });
      })
      .catch(function () {
        link.textContent = box.dataset.errorText;
        link.removeAttribute("aria-busy");
      });
  });

  // "N new stories — show": the first batch of All news asks latest.json (one cached address per
  // edition) every data-poll-seconds while the tab is visible, counts the stories newer than
  // its first one, and on request puts them at the top under their date.
  var live = document.querySelector("[data-news-list][data-latest-url]");
  if (live) {
    var texts = JSON.parse(live.dataset.newStories);
    var plural = new Intl.PluralRules(document.documentElement.lang || "en");
    var position = function (cursor) {
      var parts = String(cursor).split("-");
      return [Number(parts[0]), Number(parts[1])];
    };
    var newer = function (a, b) {
      var x = position(a), y = position(b);
      return x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]);
    };
    var firstItem = live.querySelector("[data-cursor]");
    var newest = firstItem ? firstItem.dataset.cursor : "0-0";
    var notice = document.createElement("div");
    notice.className = "new-stories";
    notice.setAttribute("aria-live", "polite");
    live.parentNode.insertBefore(notice, live);
    var button = null;
    var pending = 0;

    var announce = function (count) {
      pending = count;
      if (!count) { notice.textContent = ""; button = null; return; }
      if (!button) {
        notice.textContent = "";
        button = document.createElement("button");
        button.type = "button";
        button.className = "button new-stories__button";
        button.addEventListener("click", showNew);
        notice.appendChild(button);
      }
      var text = texts[plural.select(count)] || texts.other;
      button.textContent = text.replace("%(count)s", String(count));
    };

    var poll = function () {
      if (document.hidden || (button && button.getAttribute("aria-busy") === "true")) return;
      // "no-cache": asked again each time (a 304 when unchanged), not kept for max-age.
      fetch(live.dataset.latestUrl, { headers: { Accept: "application/json" }, credentials: "omit", cache: "no-cache" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || !data.latest) return;
          announce(data.latest.filter(function (cursor) { return newer(cursor, newest); }).length);
        })
        .catch(function () { /* offline for a moment: the next poll tries again */ });
    };

    var showNew = function () {
      button.setAttribute("aria-busy", "true");
      fetch(window.location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin", cache: "no-cache" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var added = [];
          var days = Array.prototype.slice.call(doc.querySelectorAll("[data-news-list] .news-day"));
          days.reverse().forEach(function (day) {
            var items = Array.prototype.slice.call(day.querySelectorAll(".news-day__items > li[data-cursor]"))
              .filter(function (item) { return newer(item.dataset.cursor, newest); });
            if (!items.length) return;
            var existing = live.querySelector('.news-day[data-day="' + day.dataset.day + '"] .news-day__items');
            if (existing) {
              items.reverse().forEach(function (item) { existing.insertBefore(item, existing.firstChild); added.push(item); });
            } else {
              var list = day.querySelector(".news-day__items");
              list.innerHTML = "";
              items.forEach(function (item) { list.appendChild(item); added.push(item); });
              live.insertBefore(day, live.firstChild);
            }
          });
          var top = live.querySelector("[data-cursor]");
          if (top) newest = top.dataset.cursor;
          button.removeAttribute("aria-busy");
          announce(0);
          var first = live.querySelector("[data-cursor] a[href]:not([tabindex='-1'])");
          if (added.length && first) first.focus();
        })
        .catch(function () {
          button.removeAttribute("aria-busy");
          button.textContent = live.dataset.newStoriesError;
        });
    };

    window.setInterval(poll, Math.max(Number(live.dataset.pollSeconds) || 30, 1) * 1000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  }
})();
