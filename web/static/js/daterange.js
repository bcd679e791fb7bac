/* geomap date range: one two-handle slider over every event layer.
 *
 * GeomapDateRange.init(map, config, refs)
 *   config.domain     ["YYYY-MM-DD", "YYYY-MM-DD"]: first and last event dates (null: no events)
 *   config.initial    optional initial range; ?from=&to= in the page URL wins over it
 *   config.layers     [{name, group, cluster, colour}]: one per event type (JS names)
 *   config.events     the events as columns, index i is one event:
 *                     {id: [...], lat: [...], lon: [...], day: [days since domain[0]],
 *                      type: [index into config.layers], r: [marker radius], w: [heat weight]}
 *   config.marker     circle marker style ({color, weight, fillOpacity}); fillColor is the layer's colour
 *   config.heat       {layer: heatJsName} or null; its points are the in-range events
 *   config.popup      options of GeomapPopup.create (where to fetch an event, precision words)
 *   config.windowDays width of the window the play button steps through time
 *   config.exportUrl  the GeoJSON export; #gm-export's href follows the range
 *   refs              {jsName: object} for every name used above
 *
 * The circle markers are made here from config.events (the page carries no
 * popups: they are fetched when opened, see popup.js).  Filtering removes
 * out-of-range markers from their cluster and re-adds in-range ones, in batches
 * (addLayers / removeLayers); dates live here, not in marker options.  A batch
 * added with chunkedLoading may take several ticks: a range change meanwhile is
 * applied to that layer when its batch is done.  Layer visibility stays with the
 * LayerControl: an unchecked layer stays unchecked, and when checked again it
 * shows only what is in range, because the range acts on the layer's contents.
 */
(function (global) {
  'use strict';

  var DAY_MS = 86400000;
  var PLAY_STEP_MS = 700;
  var PLAY_STEPS = 60; // a full play takes about this many steps, whatever the span

  function toDay(iso) {
    if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
    var t = Date.parse(iso + 'T00:00:00Z');
    if (isNaN(t)) return NaN;
    var day = Math.round(t / DAY_MS);
    return fromDay(day) === iso ? day : NaN; // rejects 2020-02-31
  }

  function fromDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function el(tag, attrs, parent) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    if (parent) parent.appendChild(node);
    return node;
  }

  function init(map, config, refs) {
    refs = refs || {};
    var domain = config.domain || null;
    var min = domain ? toDay(domain[0]) : NaN;
    var max = domain ? toDay(domain[1]) : NaN;
    var empty = isNaN(min) || isNaN(max);
    if (empty) { min = max = 0; }

    var layers = (config.layers || []).map(function (spec) {
      return { name: spec.name, colour: spec.colour, group: refs[spec.group], cluster: refs[spec.cluster],
        markers: [], loading: false, dirty: false };
    });
    var colours = {};
    layers.forEach(function (layer) { colours[layer.name] = layer.colour; });
    var popups = global.GeomapPopup.create(L.extend({ colours: colours }, config.popup || {}));

    // -- the markers, from the columns ---------------------------------------
    var cols = config.events || {};
    var ids = cols.id || [];
    var entries = [];
    var byId = Object.create(null);
    (function makeMarkers(style) {
      var color = style.color || '#222222';
      var weight = style.weight === undefined ? 1 : style.weight;
      var fillOpacity = style.fillOpacity === undefined ? 0.85 : style.fillOpacity;
      for (var i = 0; i < ids.length; i++) {
        var layer = layers[cols.type[i]];
        if (!layer || !layer.cluster) continue;
        var marker = L.circleMarker([cols.lat[i], cols.lon[i]], {
          radius: cols.r[i], color: color, weight: weight, fill: true, fillColor: layer.colour,
          fillOpacity: fillOpacity, gmEntry: entries.length
        });
        var entry = { marker: marker, day: min + cols.day[i], id: ids[i], layer: layer, shown: false };
        entries.push(entry);
        layer.markers.push(entry);
        byId[ids[i]] = entry;
      }
    })(config.marker || {});
    var heat = null;
    if (config.heat && refs[config.heat.layer]) {
      heat = { layer: refs[config.heat.layer], shown: [] };
    }

    // A click on a marker without a popup yet binds one (filled from the API); once
    // bound, Leaflet's own popup handling takes over.
    function entryOf(layer) {
      var index = layer && layer.options ? layer.options.gmEntry : undefined;
      return index === undefined ? null : entries[index] || null;
    }
    layers.forEach(function (layer) {
      layer.cluster.on('click', function (e) {
        var entry = entryOf(e.layer);
        if (entry && !popups.hasPopup(entry.marker)) popups.open(entry.marker, entry.id);
      });
    });

    var state = { from: min, to: max, timer: null };
    var ui = {};

    // -- the control ------------------------------------------------------
    var Control = L.Control.extend({
      options: { position: 'bottomleft' },
      onAdd: function () {
        var box = el('div', { id: 'gm-daterange', 'class': 'leaflet-control gm-daterange', 'data-testid': 'gm-daterange',
          role: 'group', 'aria-label': 'Date range' });
        var head = el('div', { 'class': 'gm-dr-head' }, box);
        ui.play = el('button', { id: 'gm-play', 'data-testid': 'gm-play', type: 'button', 'class': 'gm-play',
          title: 'Play: step a ' + (config.windowDays || 7) + '-day window through time', 'aria-pressed': 'false' }, head);
        ui.playIcon = el('i', { 'class': 'fa-solid fa-play', 'aria-hidden': 'true' }, ui.play);
        ui.playText = el('span', { 'class': 'gm-sr', text: 'Play' }, ui.play);
        var texts = el('div', { 'class': 'gm-dr-texts' }, head);
        ui.label = el('div', { id: 'gm-range-label', 'data-testid': 'gm-range-label', 'class': 'gm-range-label',
          'aria-live': 'polite' }, texts);
        ui.count = el('div', { id: 'gm-count', 'data-testid': 'gm-count', 'class': 'gm-count' }, texts);

        var slider = el('div', { 'class': 'gm-slider' }, box);
        var track = el('div', { 'class': 'gm-track' }, slider);
        ui.fill = el('div', { 'class': 'gm-track-fill' }, track);
        var span = String(max - min);
        ui.from = el('input', { id: 'gm-from', 'data-testid': 'gm-from', type: 'range', min: '0', max: span, step: '1',
          value: '0', 'aria-label': 'From date' }, slider);
        ui.to = el('input', { id: 'gm-to', 'data-testid': 'gm-to', type: 'range', min: '0', max: span, step: '1',
          value: span, 'aria-label': 'To date' }, slider);
        var ends = el('div', { 'class': 'gm-dr-ends' }, box);
        el('span', { text: empty ? '' : fromDay(min) }, ends);
        el('span', { text: empty ? '' : fromDay(max) }, ends);

        if (empty) {
          ui.from.disabled = ui.to.disabled = ui.play.disabled = true;
        }
        ui.from.addEventListener('input', function () { onHandle('from'); });
        ui.from.addEventListener('change', function () { onHandle('from'); });
        ui.to.addEventListener('input', function () { onHandle('to'); });
        ui.to.addEventListener('change', function () { onHandle('to'); });
        ui.play.addEventListener('click', togglePlay);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });

    function onHandle(which) {
      stopPlaying();
      var f = min + Number(ui.from.value);
      var t = min + Number(ui.to.value);
      if (f > t) {
        if (which === 'from') t = f; else f = t; // the moved handle pushes the other
      }
      setRange(f, t, true);
    }

    // -- filtering ---------------------------------------------------------
    function inRange(day) {
      return day >= state.from && day <= state.to;
    }

    // Add a batch to a cluster.  On the map, a chunked batch may finish in a later
    // tick: until then the layer is `loading` and range changes wait for it.
    function addBatch(layer, markers) {
      var inCall = true, doneInCall = false;
      layer.loading = true;
      layer.cluster.options.chunkProgress = function (processed, total) {
        if (processed < total) return;
        if (inCall) { doneInCall = true; return; }
        // The cluster finishes its bookkeeping right after this callback.
        global.setTimeout(function () { batchDone(layer); }, 0);
      };
      layer.cluster.addLayers(markers);
      inCall = false;
      if (doneInCall || !layer.cluster._map) layer.loading = false; // off the map, addLayers is synchronous
    }

    function batchDone(layer) {
      layer.loading = false;
      if (layer.dirty) filterLayer(layer);
      updateCount();
    }

    function filterLayer(layer) {
      if (!layer.cluster) return;
      if (layer.loading) { layer.dirty = true; return; }
      layer.dirty = false;
      var add = [], remove = [];
      layer.markers.forEach(function (entry) {
        var inside = inRange(entry.day);
        if (inside && !entry.shown) add.push(entry.marker);
        else if (!inside && entry.shown) remove.push(entry.marker);
        entry.shown = inside;
      });
      if (remove.length) layer.cluster.removeLayers(remove);
      if (add.length) addBatch(layer, add);
    }

    function filter() {
      layers.forEach(filterLayer);
      if (heat) {
        var shown = [];
        for (var j = 0; j < ids.length; j++) {
          if (inRange(min + cols.day[j])) shown.push([cols.lat[j], cols.lon[j], cols.w[j]]);
        }
        heat.shown = shown;
        heat.layer.setLatLngs(shown);
      }
    }

    function layerCounts() {
      var counts = {};
      layers.forEach(function (layer) {
        counts[layer.name] = map.hasLayer(layer.group) ? layer.cluster.getLayers().length : 0;
      });
      return counts;
    }

    function visibleCount() {
      var counts = layerCounts();
      return Object.keys(counts).reduce(function (sum, name) { return sum + counts[name]; }, 0);
    }

    function render() {
      if (!ui.label) return;
      if (empty) {
        ui.fill.style.width = '0';
        ui.label.textContent = 'No events in the store';
        ui.count.textContent = plural(0, 'event') + ' visible';
        return;
      }
      var span = max - min;
      ui.from.value = String(state.from - min);
      ui.to.value = String(state.to - min);
      // When both handles sit at the right end, the "from" handle must be on top to be draggable.
      ui.from.style.zIndex = state.from === state.to && state.to === max ? '3' : '';
      var left = span ? (state.from - min) / span * 100 : 0;
      var right = span ? (state.to - min) / span * 100 : 100;
      ui.fill.style.left = left + '%';
      ui.fill.style.width = Math.max(0, right - left) + '%';
      ui.label.textContent = fromDay(state.from) + ' \u2192 ' + fromDay(state.to) +
        ' (' + plural(state.to - state.from + 1, 'day') + ')';
      updateCount();
    }

    function updateCount() {
      if (!ui.count) return;
      ui.count.textContent = plural(visibleCount(), 'event') + ' visible';
    }

    function rangeQuery() {
      return 'from=' + encodeURIComponent(fromDay(state.from)) + '&to=' + encodeURIComponent(fromDay(state.to));
    }

    function writeUrl() {
      if (empty || !global.history || !global.history.replaceState) return;
      var params = new URLSearchParams(global.location.search);
      params.set('from', fromDay(state.from));
      params.set('to', fromDay(state.to));
      global.history.replaceState(global.history.state, '', global.location.pathname + '?' + params.toString() +
        global.location.hash);
    }

    function updateExportLink() {
      var link = document.getElementById('gm-export');
      if (link && config.exportUrl && !empty) link.setAttribute('href', config.exportUrl + '?' + rangeQuery());
    }

    function setRange(f, t, persist) {
      if (empty) { render(); return; }
      f = clamp(Math.round(f), min, max);
      t = clamp(Math.round(t), min, max);
      if (f > t) { var swap = f; f = t; t = swap; }
      state.from = f;
      state.to = t;
      filter();
      render();
      updateExportLink();
      if (persist) writeUrl();
      document.dispatchEvent(new CustomEvent('geomap:range'));
    }

    // -- play ----------------------------------------------------------------
    function playIcon(playing) {
      ui.playIcon.className = playing ? 'fa-solid fa-pause' : 'fa-solid fa-play';
      ui.playText.textContent = playing ? 'Pause' : 'Play';
      ui.play.setAttribute('aria-pressed', playing ? 'true' : 'false');
    }

    function stopPlaying() {
      if (state.timer === null) return;
      global.clearInterval(state.timer);
      state.timer = null;
      playIcon(false);
    }

    function togglePlay() {
      if (state.timer !== null) { stopPlaying(); return; }
      if (empty) return;
      var step = Math.max(1, Math.ceil((max - min + 1) / PLAY_STEPS));
      var width = Math.max(config.windowDays || 7, step) - 1;
      // Carry on from a paused window; otherwise start at the beginning.
      var start = state.to - state.from === width && state.to < max ? state.from : min;
      setRange(start, Math.min(max, start + width), true);
      playIcon(true);
      state.timer = global.setInterval(function () {
        if (state.to >= max) { stopPlaying(); return; }
        var next = state.from + step;
        setRange(next, Math.min(max, next + width), true);
      }, PLAY_STEP_MS);
    }

    // Open a marker's popup, zooming into / spiderfying its cluster first if it is clustered;
    // `done(ok)` is called once the popup's content is in (or it could not be opened).
    // (MarkerCluster's zoomToShowLayer only knows icon markers, not circle markers.)
    function reveal(entry, tries, done) {
      var marker = entry.marker, cluster = entry.layer.cluster;
      function open() { popups.open(marker, entry.id).then(done, function () { done(false); }); }
      if (marker._map) { open(); return; }
      var parent = cluster.getVisibleParent(marker);
      if (!parent || tries <= 0) { done(false); return; }
      if (map.getZoom() >= map.getMaxZoom() || parent.getBounds().getNorthEast().equals(parent.getBounds().getSouthWest())) {
        cluster.once('spiderfied', open);
        parent.spiderfy();
        return;
      }
      cluster.once('animationend', function () { reveal(entry, tries - 1, done); });
      parent.zoomToBounds({ padding: [40, 40] });
    }

    // -- start ---------------------------------------------------------------
    new Control().addTo(map);
    map.on('overlayadd overlayremove', updateCount);
    layers.forEach(function (layer) { if (layer.group) layer.group.on('add remove', updateCount); });

    var f = min, t = max;
    if (config.initial) {
      var a = toDay(config.initial[0]), b = toDay(config.initial[1]);
      if (!isNaN(a)) f = a;
      if (!isNaN(b)) t = b;
    }
    var params = new URLSearchParams(global.location.search);
    var fromParam = toDay(params.get('from') || ''), toParam = toDay(params.get('to') || '');
    if (!isNaN(fromParam)) f = fromParam;
    if (!isNaN(toParam)) t = toParam;
    setRange(f, t, false);

    var api = {
      setRange: function (fromIso, toIso) {
        stopPlaying();
        var a = toDay(fromIso), b = toDay(toIso);
        setRange(isNaN(a) ? state.from : a, isNaN(b) ? state.to : b, true);
        return api.range();
      },
      range: function () { return { from: fromDay(state.from), to: fromDay(state.to) }; },
      visibleCount: visibleCount,
      layerCounts: layerCounts,
      // A Promise: true once the popup is open with its content in, false if it cannot be shown.
      openPopup: function (eventId) {
        var entry = byId[eventId];
        if (!entry || !entry.shown || !map.hasLayer(entry.layer.group)) return Promise.resolve(false);
        return new Promise(function (resolve) { reveal(entry, 4, resolve); });
      },
      loading: function () { return layers.some(function (layer) { return layer.loading; }); },
      heatCount: function () { return heat ? heat.shown.length : 0; },
      markerOf: function (eventId) { return byId[eventId] ? byId[eventId].marker : null; },
      // The map and each type's layer (name, FeatureGroup), for the share panel.
      map: map,
      layers: layers.map(function (layer) { return { name: layer.name, group: layer.group }; }),
      stop: stopPlaying
    };
    global.geomapVisibleCount = visibleCount;
    global.geomapLayerCounts = layerCounts;
    global.geomapRange = api.range;
    global.geomapOpenPopup = api.openPopup;
    global.geomapDateRange = api;
    return api;
  }

  global.GeomapDateRange = { init: init, toDay: toDay, fromDay: fromDay };
})(window);
