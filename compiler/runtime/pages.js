/* coursec runtime: lesson bodies of a long course, kept outside index.html (compiler/render/page_bodies.py).
 *
 * Shipped only in packages whose lessons add up to more than page_bodies.SPLIT_ABOVE bytes. Each
 * pages/<key>.js is a classic script calling Coursec.pageBody(key, html), so it loads from file://
 * and from any LMS (fetch of a local file may not). One request per file; a failed one can be tried
 * again. The theme's app asks for a body with C.pages.load(app, page, template) and materialises
 * it when it has come; app.t gives the screen texts.
 */
(function () {
  "use strict";
  const C = (window.Coursec = window.Coursec || {});

  const bodies = {};
  const waiting = {};

  C.pageBody = function (key, html) {
    bodies[key] = html;
    (waiting[key] || []).forEach((pending) => pending.resolve(html));
    delete waiting[key];
  };

  /** A promise of the body of page `key` from `source`: one script element, however often asked. */
  function body(key, source) {
    if (Object.prototype.hasOwnProperty.call(bodies, key)) return Promise.resolve(bodies[key]);
    return new Promise((resolve, reject) => {
      const first = !waiting[key];
      waiting[key] = (waiting[key] || []).concat([{ resolve: resolve, reject: reject }]);
      if (!first) return;
      const script = document.createElement("script");
      script.src = source;
      script.onerror = () => {
        script.remove();
        (waiting[key] || []).forEach((pending) => pending.reject(new Error(source)));
        delete waiting[key];
      };
      document.head.appendChild(script);
    });
  }

  /** The notice in place of a body that did not load, with a button that tries again. */
  function failed(app, page, template) {
    const notice = document.createElement("div");
    notice.className = "callout callout-warning page-failed";
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-page-failed", "");
    const text = document.createElement("p");
    text.textContent = app.t("runtime.page_failed");
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "button";
    retry.textContent = app.t("runtime.page_retry");
    retry.addEventListener("click", () => app.materialise(page));
    notice.append(text, retry);
    template.after(notice);
  }

  C.pages = {
    /** Load a page's body into its template, then let the app materialise it (the next page is fetched ahead). */
    load(app, page, template) {
      if (template.dataset.loading) return;
      template.dataset.loading = "true";
      const notice = page.querySelector("[data-page-failed]");
      if (notice) notice.remove();
      const key = app.pageKey(page);
      body(key, template.getAttribute("data-src")).then(
        (html) => {
          template.innerHTML = html;
          template.removeAttribute("data-src");
          delete template.dataset.loading;
          app.materialise(page);
          if (app.current === key) this.prefetchAfter(app, key);
        },
        () => {
          delete template.dataset.loading;
          failed(app, page, template);
        }
      );
    },

    /** Fetch the body of the page after `key` ahead (kept, not shown), so Next does not wait. */
    prefetchAfter(app, key) {
      const next = app.pages[app.pages.indexOf(app.page(key)) + 1];
      const template = next && next.querySelector("template[data-page-body][data-src]");
      if (template) body(app.pageKey(next), template.getAttribute("data-src")).catch(() => {});
    },
  };
})();
