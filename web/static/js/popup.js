/* geomap popups: filled on open from the JSON API, built as text nodes.
 *
 * The page carries no popup content.  GeomapPopup.create(options) returns a
 * controller whose open(marker, eventId) binds a popup to the marker on first
 * use, shows "Loading…", fetches the event (a GeoJSON Feature) from
 * options.url (options.slot replaced by the URL-encoded id, same origin) and
 * builds the popup with createElement / textContent only: report text is never
 * parsed as HTML.  open() returns a Promise that resolves (true) once the
 * content is in, or false if the event could not be loaded.
 *
 *   options.url            e.g. "/api/events/__EVENT_ID__"
 *   options.slot           the placeholder in options.url ("__EVENT_ID__")
 *   options.maxWidth       popup width limit in pixels
 *   options.timePrecision  {"1": "day", ...}; options.geoPrecision {"1": "town", ...}
 *   options.colours        {eventType: "#rrggbb"} for the popup's swatch
 *
 * GeomapPopup.build(feature, options) is the pure part: Feature -> element.
 */
(function (global) {
  'use strict';

  var LOADING = 'Loading\u2026';
  var FAILED = 'Could not load this event\u2019s details.';
  var HEX = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
  var FALLBACK_COLOUR = '#7f7f7f';

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== '') node.textContent = String(text);
    if (parent) parent.appendChild(node);
    return node;
  }

  function str(value) {
    return value === undefined || value === null ? '' : String(value);
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  // Only absolute http(s) URLs with a host are linked; anything else (javascript:, data:,
  // protocol-relative, relative) is shown as plain text.
  function safeUrl(url) {
    url = str(url).trim();
    if (!/^https?:\/\//i.test(url)) return null;
    try {
      var parsed = new URL(url);
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host ? url : null;
    } catch (e) {
      return null;
    }
  }

  function unique(values) {
    var seen = {}, out = [];
    values.forEach(function (v) {
      if (v && !seen[v]) { seen[v] = true; out.push(v); }
    });
    return out;
  }

  function factRow(table, label, value, note) {
    var row = el('tr', null, null, table);
    el('th', null, label, row);
    var cell = el('td', null, value, row);
    if (note) {
      cell.appendChild(document.createTextNode(' '));
      el('span', 'gm-precision', note, cell);
    }
    return row;
  }

  function sourceItem(list, source, showDetails, mainQuote) {
    var item = el('li', 'gm-source', null, list);
    var title = str(source.title) || '(untitled report)';
    var href = safeUrl(source.source_url);
    if (href) {
      var link = el('a', null, title, item);
      link.setAttribute('href', href);
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    } else {
      item.appendChild(document.createTextNode(title));
    }
    if (source.source) {
      item.appendChild(document.createTextNode(' \u2014 '));
      el('span', 'gm-publisher', source.source, item);
    }
    if (!showDetails) return item;
    var facts = [];
    var deaths = Number(source.fatalities) || 0;
    if (deaths) facts.push(deaths + (deaths === 1 ? ' fatality' : ' fatalities'));
    if (source.claimed_by) facts.push('claimed by ' + str(source.claimed_by));
    if (facts.length) el('div', 'gm-source-facts', facts.join('; '), item);
    if (source.quote && str(source.quote) !== mainQuote) {
      el('blockquote', 'gm-quote gm-source-quote', source.quote, item); // this report's own sentence
    }
    return item;
  }

  function build(feature, options) {
    options = options || {};
    var p = (feature && feature.properties) || {};
    var timeWords = options.timePrecision || {};
    var geoWords = options.geoPrecision || {};
    var colours = options.colours || {};

    var root = el('div', 'gm-popup');
    root.setAttribute('data-event-id', str(feature && feature.id));

    var type = el('div', 'gm-popup-type', null, root);
    var swatch = el('span', 'gm-swatch', null, type);
    var colour = colours[p.event_type];
    swatch.style.background = HEX.test(str(colour)) ? colour : FALLBACK_COLOUR;
    el('strong', null, p.event_type || 'Event', type);
    if (p.sub_event_type) type.appendChild(document.createTextNode(' \u00b7 ' + str(p.sub_event_type)));

    var table = el('table', 'gm-popup-facts', null, root);
    var body = el('tbody', null, null, table);
    factRow(body, 'Date', p.event_date || 'unknown date',
      '(precise to the ' + (timeWords[str(p.time_precision)] || 'unknown') + ')');
    var place = unique([str(p.location), str(p.admin1), str(p.country)]).join(', ') || 'unknown place';
    factRow(body, 'Place', place, '(' + (geoWords[str(p.geo_precision)] || 'unknown') + ')');
    var actors = unique([str(p.actor1), str(p.actor2)]).join(' vs ');
    if (actors) factRow(body, 'Actors', actors);
    var fatalities = str(Number(p.fatalities) || 0);
    if (Number(p.injured)) fatalities += '; ' + Number(p.injured) + ' injured';
    factRow(body, 'Fatalities', fatalities);
    if (p.claimed_by) factRow(body, 'Claimed by', p.claimed_by);

    var quote = str(p.quote);
    if (quote) el('blockquote', 'gm-quote', quote, root);

    var sources = Array.isArray(p.sources) && p.sources.length ? p.sources :
      [{ title: p.title, source: p.source, source_url: p.source_url }];
    var count = Math.max(Number(p.n_sources) || 0, sources.length);
    var box = el('div', 'gm-sources', null, root);
    el('span', 'gm-n-sources', plural(count, 'source'), box);
    var list = el('ul', null, null, box);
    var merged = sources.length > 1;
    sources.forEach(function (source) { sourceItem(list, source || {}, merged, quote); });
    return root;
  }

  function message(text, className) {
    var node = el('div', 'gm-popup ' + className, text);
    node.setAttribute('role', 'status');
    return node;
  }

  function create(options) {
    options = options || {};
    var slot = options.slot || '__EVENT_ID__';
    var url = options.url || '/api/events/' + slot;
    var features = {}; // eventId -> Promise<Feature>, kept once loaded
    var states = {}; // eventId -> {loaded: bool, pending: Promise|null}

    function eventUrl(id) {
      return url.split(slot).join(encodeURIComponent(id));
    }

    function fetchEvent(id) {
      if (!features[id]) {
        var request = global.fetch(eventUrl(id), {
          credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' }
        }).then(function (response) {
          if (!response.ok) throw new Error('HTTP ' + response.status);
          return response.json();
        });
        features[id] = request;
        request.catch(function () { if (features[id] === request) delete features[id]; }); // retry next time
      }
      return features[id];
    }

    // Put the event's content into the marker's (bound) popup; resolves when it is in.
    function fill(marker, id) {
      var state = states[id] || (states[id] = { loaded: false, pending: null });
      if (state.loaded) return Promise.resolve(true);
      if (state.pending) return state.pending;
      var popup = marker.getPopup();
      popup.setContent(message(LOADING, 'gm-popup-loading'));
      state.pending = fetchEvent(id).then(function (feature) {
        popup.setContent(build(feature, options));
        state.loaded = true;
        return true;
      }, function () {
        popup.setContent(message(FAILED, 'gm-popup-error'));
        return false;
      }).then(function (ok) {
        state.pending = null;
        return ok;
      });
      return state.pending;
    }

    function ensure(marker, id) {
      if (marker.getPopup()) return;
      marker.bindPopup(message(LOADING, 'gm-popup-loading'), {
        maxWidth: options.maxWidth || 340, className: 'gm-popup-wrap'
      });
      marker.on('popupopen', function () { fill(marker, id); });
    }

    function open(marker, id) {
      ensure(marker, id);
      if (!marker.isPopupOpen()) marker.openPopup();
      return fill(marker, id);
    }

    function hasPopup(marker) {
      return !!marker.getPopup();
    }

    return { open: open, ensure: ensure, fetchEvent: fetchEvent, hasPopup: hasPopup };
  }

  global.GeomapPopup = { create: create, build: build, safeUrl: safeUrl };
})(window);
