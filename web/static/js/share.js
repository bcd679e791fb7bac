/* The share panel: a permalink, an iframe snippet, a snapshot link and downloads
 * for the current view (date range, visible layers, bounds).  A permalink carries
 * from, to, layers (type slugs) and bounds (west,south,east,north); they are read
 * back on load, so it opens the same view. */
(function (global) {
  'use strict';

  function slug(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }

  function round(x) { return Math.round(x * 1e4) / 1e4; }

  function init(api, config) {
    if (!api || !api.map) return null;
    var map = api.map;
    var layers = api.layers.filter(function (layer) { return layer.group; });
    var params = new URLSearchParams(global.location.search);
    if (params.get('embed') === '1') document.body.classList.add('gm-embed');

    // -- read the view from the URL -------------------------------------------
    if (params.has('layers')) {
      var wanted = params.get('layers').split(',').filter(Boolean);
      layers.forEach(function (layer) {
        if (wanted.indexOf(slug(layer.name)) < 0 && map.hasLayer(layer.group)) map.removeLayer(layer.group);
      });
    }
    var bounds = (params.get('bounds') || '').split(',').map(Number);
    if (bounds.length === 4 && bounds.every(isFinite)) {
      map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { animate: false });
    }

    // -- describe the current view --------------------------------------------
    function view() {
      var range = api.range();
      var shown = layers.filter(function (layer) { return map.hasLayer(layer.group); });
      var b = map.getBounds();
      return {
        from: range.from, to: range.to,
        layers: shown.map(function (layer) { return slug(layer.name); }),
        allLayers: shown.length === layers.length,
        bounds: [round(b.getWest()), round(b.getSouth()), round(b.getEast()), round(b.getNorth())].join(',')
      };
    }

    function query(v, extra) {
      var q = new URLSearchParams();
      if (v.from) q.set('from', v.from);
      if (v.to) q.set('to', v.to);
      Object.keys(extra || {}).forEach(function (key) { q.set(key, extra[key]); });
      return q;
    }

    function filters(v, q) {
      // Exports and snapshots filter by type only when some layers are hidden.
      if (!v.allLayers) v.layers.forEach(function (s) { q.append('type', s); });
      return q;
    }

    function urls() {
      var v = view();
      var base = global.location.origin + global.location.pathname;
      var permalink = base + '?' + query(v, { layers: v.layers.join(','), bounds: v.bounds }).toString();
      var embed = base + '?' + query(v, { layers: v.layers.join(','), bounds: v.bounds, embed: '1' }).toString();
      var snapshot = global.location.origin + config.snapshotUrl + '?' + filters(v, query(v, { bbox: v.bounds })).toString();
      var downloads = {};
      Object.keys(config.exports || {}).forEach(function (fmt) {
        downloads[fmt] = config.exports[fmt] + '?' + filters(v, query(v)).toString();
      });
      return {
        permalink: permalink,
        iframe: '<iframe src="' + embed.replace(/&/g, '&amp;').replace(/"/g, '&quot;') +
          '" width="800" height="500" style="border:0" title="geomap events"></iframe>',
        snapshot: snapshot,
        downloads: downloads
      };
    }

    // -- the panel --------------------------------------------------------------
    var panel = document.getElementById('gm-share-panel');
    var button = document.getElementById('gm-share');
    function fill() {
      var u = urls();
      document.getElementById('gm-permalink').value = u.permalink;
      document.getElementById('gm-iframe').value = u.iframe;
      var snap = document.getElementById('gm-snapshot');
      snap.value = u.snapshot;
      document.getElementById('gm-snapshot-open').setAttribute('href', u.snapshot);
      Object.keys(u.downloads).forEach(function (fmt) {
        var link = document.getElementById('gm-download-' + fmt);
        if (link) link.setAttribute('href', u.downloads[fmt]);
      });
    }
    if (button && panel) {
      button.addEventListener('click', function () {
        panel.hidden = !panel.hidden;
        button.setAttribute('aria-expanded', String(!panel.hidden));
        if (!panel.hidden) fill();
      });
      panel.addEventListener('focusin', function (e) { if (e.target.select) e.target.select(); });
    }
    function changed() { if (panel && !panel.hidden) fill(); else fillDownloads(); }
    function fillDownloads() {
      var u = urls();
      Object.keys(u.downloads).forEach(function (fmt) {
        var link = document.getElementById('gm-download-' + fmt);
        if (link) link.setAttribute('href', u.downloads[fmt]);
      });
    }
    map.on('moveend overlayadd overlayremove', changed);
    document.addEventListener('geomap:range', changed);
    fillDownloads();

    var share = { view: view, urls: urls };
    global.geomapShare = share;
    return share;
  }

  global.GeomapShare = { init: init, slug: slug };
})(window);
