// Newsdesk: the menu button on phones and "Show more news". Plain JS, no dependencies.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Menu button (phones): CSS shows it from the first paint; without JS, a <noscript> style
  // hides it and shows the plain list.
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (button && menu) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
      if (open) { var first = menu.querySelector("a"); if (first) first.focus(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.click(); button.focus();
      }
    });
  }

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
})();
