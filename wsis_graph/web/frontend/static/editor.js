/* The wsis-graph query editor: YASGUI pointed at our own endpoint, and the named queries as examples.
 *
 * Nothing here reaches beyond the page's own origin: queries go to our /sparql, prefix completion
 * reads our /editor/prefixes.json (not prefix.cc), and YASQE's vocabulary autocompleters, which ask
 * lov.linkeddata.es, are switched off. The page's Content-Security-Policy enforces the same.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var status = document.getElementById("editor-status");
  var container = document.getElementById("yasgui");
  var endpoint = new URL(config.endpoint, window.location.href).href;

  function showProblem(html) {
    status.className = "notice error";
    status.innerHTML = html;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The text of an error answered by our endpoint: {"error": {"code": ..., "message": ...}}. */
  function errorMessage(text) {
    try {
      var body = JSON.parse(text);
      if (body && body.error && body.error.message) {
        return body.error.message + (body.error.code ? " (" + body.error.code + ")" : "");
      }
    } catch (e) {
      /* not our JSON shape: show it as it is */
    }
    return text;
  }

  var Yasgui = window.Yasgui;
  if (typeof Yasgui !== "function") {
    if (!/\berror\b/.test(status.className)) {
      showProblem(
        "<h2>The query editor could not be loaded</h2>" +
          "<p>Its JavaScript bundle (YASGUI) did not load from this server. Run <code>make setup</code> " +
          "in the project's folder (it runs <code>npm ci</code> in <code>wsis_graph/web/frontend</code>) " +
          "and restart the server.</p><p>The SPARQL endpoint itself works: send queries to <code>" +
          escapeHtml(endpoint) + "</code>.</p>"
      );
    }
    return;
  }

  /* Defaults that would reach other hosts, replaced before YASGUI is built. YASGUI merges arrays by
   * index, so lists are set on the defaults rather than passed in the configuration. */
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.defaults.yasqe.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = new URL(config.prefixesUrl, window.location.href).href;
  Yasgui.defaults.yasqe.prefixCcApi = Yasgui.Yasqe.defaults.prefixCcApi;
  Yasgui.defaults.endpointCatalogueOptions.getData = function () {
    return [{ endpoint: endpoint }];
  };
  Yasgui.defaults.corsProxy = undefined;
  Yasgui.Yasqe.defaults.editorHeight = "380px";

  /* Our endpoint answers an error as JSON; show its message (each tab's result view reads the
   * error renderers from YASR's defaults). */
  Yasgui.Yasr.defaults.errorRenderers = [
    function (error) {
      var text = error && error.text;
      if (!text) return Promise.resolve(undefined);
      var el = document.createElement("div");
      el.className = "query-error";
      var head = document.createElement("strong");
      head.textContent = "The endpoint refused the query: ";
      var body = document.createElement("span");
      body.textContent = errorMessage(text);
      el.appendChild(head);
      el.appendChild(body);
      return Promise.resolve(el);
    },
  ];

  var yasgui = new Yasgui(container, {
    tabName: "Query",
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    corsProxy: undefined,
    persistenceId: "wsis-graph-editor",
    yasqe: { value: config.defaultQuery, prefixCcApi: Yasgui.Yasqe.defaults.prefixCcApi },
    yasr: { prefixes: config.prefixes },
  });
  status.hidden = true;
  status.innerHTML = "";

  /* -- the example queries ----------------------------------------------------------------------- */

  function openInTab(name, text) {
    yasgui.addTab(true, { name: name, yasqe: { value: text } }, { avoidDuplicateTabs: true });
    var tab = yasgui.getTab();
    if (tab && tab.getName() === name && tab.getQuery() !== text) tab.setQuery(text);
    /* Show where the parameters are set, below the query's header comments. */
    var lines = text.split("\n");
    for (var i = 0; i < lines.length; i++) {
      if (/^\s*(# )?VALUES \?/.test(lines[i])) {
        var yasqe = tab && tab.getYasqe();
        if (yasqe) yasqe.scrollIntoView({ line: Math.min(i + 6, lines.length - 1), ch: 0 });
        break;
      }
    }
    container.scrollIntoView({ block: "nearest" });
    return tab;
  }

  function loadExample(form) {
    var name = form.getAttribute("data-query");
    var output = form.querySelector(".example-error");
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.querySelectorAll("input[name]"), function (input) {
      params.append(input.name, input.value.trim());
    });
    var url = config.queryTextUrl.replace("__NAME__", encodeURIComponent(name));
    var query = params.toString();
    output.textContent = "";
    return fetch(query ? url + "?" + query : url, { headers: { Accept: "text/plain" } })
      .then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) throw new Error(errorMessage(text));
          return text;
        });
      })
      .then(function (text) {
        openInTab(name, text);
      })
      .catch(function (error) {
        output.textContent = error.message;
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.example-form"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      loadExample(form);
    });
  });

  /* For scripts and tests: the YASGUI instance. */
  window.wsisEditor = { yasgui: yasgui, endpoint: endpoint, openExample: loadExample };
})();
