/* geomap map layers: the offline basemap and the per-type cluster icons.
 *
 * GeomapLayers.loadBasemap(map, group, {urls: [...]}) fetches the app's basemap
 * GeoJSON files (FeatureCollections whose features carry properties.layer in
 * country|admin1|lake|sea|river|nkao) and draws them, in order, into `group`
 * on a pane below the event markers.  A collection with a `bbox` is a regional
 * clip: its country polygons are filled without their clip edges being stroked.
 *
 * GeomapLayers.clusterIcon(colour) returns a MarkerCluster iconCreateFunction
 * drawing the cluster in its event type's colour.
 */
(function (global) {
  'use strict';

  var PANE = 'gm-basemap';
  var LABEL_PANE = 'gm-basemap-labels';
  var ATTRIBUTION = 'Basemap: Natural Earth (public domain), GSHHG/WDBII (LGPL)';
  var WATER = '#c6dcea';
  // Drawing order.  In a clipped collection, polygon layers are filled without a stroke
  // and their outlines (minus the clip edges) drawn as `<layer>-outline` lines.
  var LAYER_ORDER = ['country', 'sea', 'sea-outline', 'lake', 'lake-outline', 'admin1', 'country-outline',
    'river', 'nkao'];
  var POLYGON_LAYERS = { country: true, sea: true, lake: true };
  var ARAS = /^(aras|araks|araz|arax)/i;
  var HEX = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;

  var STYLES = {
    country: function () {
      return { stroke: true, color: '#6e6e6e', weight: 0.8, fill: true, fillColor: '#f2eee1', fillOpacity: 1 };
    },
    'country-outline': function () {
      return { color: '#4d4d4d', weight: 1.3, fill: false, lineJoin: 'round' };
    },
    sea: function () {
      return { color: '#8fb5cf', weight: 0.6, fill: true, fillColor: WATER, fillOpacity: 1 };
    },
    'sea-outline': function () {
      return { color: '#8fb5cf', weight: 0.6, fill: false };
    },
    lake: function () {
      return { color: '#8fb5cf', weight: 0.6, fill: true, fillColor: WATER, fillOpacity: 1 };
    },
    'lake-outline': function () {
      return { color: '#8fb5cf', weight: 0.6, fill: false };
    },
    admin1: function () {
      return { color: '#a3a3a3', weight: 0.7, dashArray: '3 3', fill: false };
    },
    river: function (feature) {
      var aras = ARAS.test((feature.properties && feature.properties.name) || '');
      return { color: '#4a8fc9', weight: aras ? 2.6 : 1.0, opacity: aras ? 0.95 : 0.8, fill: false };
    },
    nkao: function () {
      return { color: '#8a3324', weight: 1.8, dashArray: '7 5', fill: false };
    }
  };

  function near(a, b) {
    return Math.abs(a - b) < 1e-7;
  }

  // Both ends of segment a-b on the same side of the clip box: a clip edge, not a border.
  function onClipEdge(a, b, bbox) {
    return (near(a[0], bbox[0]) && near(b[0], bbox[0])) || (near(a[0], bbox[2]) && near(b[0], bbox[2])) ||
      (near(a[1], bbox[1]) && near(b[1], bbox[1])) || (near(a[1], bbox[3]) && near(b[1], bbox[3]));
  }

  function polygonsOf(geometry) {
    if (!geometry) return [];
    if (geometry.type === 'Polygon') return [geometry.coordinates];
    if (geometry.type === 'MultiPolygon') return geometry.coordinates;
    return [];
  }

  // The borders and coasts of a clipped polygon, without the clip box's edges.
  function outlineOf(feature, bbox) {
    var lines = [];
    polygonsOf(feature.geometry).forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var current = [];
        for (var i = 0; i < ring.length; i++) {
          if (current.length && onClipEdge(ring[i - 1], ring[i], bbox)) {
            if (current.length > 1) lines.push(current);
            current = [];
          }
          current.push(ring[i]);
        }
        if (current.length > 1) lines.push(current);
      });
    });
    return { type: 'Feature', properties: feature.properties, geometry: { type: 'MultiLineString', coordinates: lines } };
  }

  // Area-weighted centroid of the feature's largest outer ring, as [lat, lon].
  function labelPoint(feature) {
    var best = null, bestArea = 0;
    polygonsOf(feature.geometry).forEach(function (polygon) {
      var ring = polygon[0], area = 0, cx = 0, cy = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        area += cross;
        cx += (ring[j][0] + ring[i][0]) * cross;
        cy += (ring[j][1] + ring[i][1]) * cross;
      }
      if (Math.abs(area) > bestArea) {
        bestArea = Math.abs(area);
        best = [cy / (3 * area), cx / (3 * area)];
      }
    });
    return best;
  }

  function addCollection(group, collection, renderer, labels) {
    var clip = Array.isArray(collection.bbox) && collection.bbox.length === 4 ? collection.bbox : null;
    var byLayer = {};
    (collection.features || []).forEach(function (feature) {
      var layer = (feature.properties && feature.properties.layer) || 'country';
      (byLayer[layer] = byLayer[layer] || []).push(feature);
      if (clip && POLYGON_LAYERS[layer]) {
        var outline = layer + '-outline';
        (byLayer[outline] = byLayer[outline] || []).push(outlineOf(feature, clip));
      }
      if (layer === 'country' && clip) {
        var at = labelPoint(feature);
        if (at && feature.properties.name) labels.push({ at: at, text: feature.properties.name, kind: 'country' });
      }
      if (layer === 'sea' && feature.properties && feature.properties.name) {
        var sea = labelPoint(feature);
        if (sea) labels.push({ at: sea, text: feature.properties.name, kind: 'water' });
      }
    });
    LAYER_ORDER.forEach(function (layer) {
      if (!byLayer[layer]) return;
      var base = STYLES[layer] || STYLES.country;
      var unstroked = clip && POLYGON_LAYERS[layer]; // its outline layer draws the stroke
      L.geoJSON({ type: 'FeatureCollection', features: byLayer[layer] }, {
        style: unstroked ? function (f) { return L.extend(base(f), { stroke: false }); } : base,
        renderer: renderer, interactive: false, attribution: ATTRIBUTION
      }).addTo(group);
    });
  }

  function addLabels(group, labels) {
    labels.forEach(function (label) {
      var el = document.createElement('span');
      el.className = 'gm-basemap-label gm-basemap-label-' + label.kind;
      el.textContent = label.text;
      L.marker(label.at, {
        pane: LABEL_PANE, interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'gm-basemap-label-icon', html: el, iconSize: null })
      }).addTo(group);
    });
  }

  function loadBasemap(map, group, config) {
    if (!map.getPane(PANE)) {
      map.createPane(PANE).style.zIndex = 250; // above tiles (200), below markers (400)
      map.createPane(LABEL_PANE).style.zIndex = 260;
      map.getPane(PANE).style.pointerEvents = 'none';
      map.getPane(LABEL_PANE).style.pointerEvents = 'none';
    }
    var renderer = L.canvas({ pane: PANE, padding: 0.5 });
    var container = map.getContainer();
    function mark() { container.classList.add('gm-offline'); }
    function unmark() { container.classList.remove('gm-offline'); }
    group.on('add', mark);
    group.on('remove', unmark);
    if (map.hasLayer(group)) mark();
    else map.whenReady(function () { if (map.hasLayer(group)) mark(); });

    var urls = (config && config.urls) || [];
    var loads = urls.map(function (url) {
      return fetch(url, { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    });
    return Promise.all(loads).then(function (collections) {
      var labels = [];
      collections.forEach(function (collection) {
        if (collection && collection.type === 'FeatureCollection') addCollection(group, collection, renderer, labels);
      });
      addLabels(group, labels);
      group.fire('gm:basemaploaded', { loaded: collections.filter(Boolean).length });
      global.geomapBasemapLoaded = collections.filter(Boolean).length;
    });
  }

  function clusterIcon(colour) {
    var fill = HEX.test(colour) ? colour : '#7f7f7f';
    return function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 36 : 44;
      return L.divIcon({
        html: '<div style="background:' + fill + '"><span>' + n + '</span></div>',
        className: 'marker-cluster gm-cluster',
        iconSize: L.point(size, size)
      });
    };
  }

  global.GeomapLayers = { loadBasemap: loadBasemap, clusterIcon: clusterIcon };
})(window);
