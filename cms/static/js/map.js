// The portal's one map component (see README, "Maps"). Progressive enhancement only: every map has a list or
// plain inputs beside it that work without this file. No inline scripts: configuration comes from
// <script type="application/json"> elements and data- attributes, so a strict Content-Security-Policy holds.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function readJSON(id) {
    var element = id && document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  var settings = readJSON("portal-map-settings") || {};
  var labels = settings.labels || {};

  function newMap(element, options) {
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: settings.maxZoom || 19 });
    if (settings.tileUrl) {
      L.tileLayer(settings.tileUrl, { attribution: settings.attribution || "", maxZoom: settings.maxZoom || 19 })
        .addTo(map);
    } else {
      element.classList.add("portal-map--no-tiles");
    }
    var center = options.center || settings.center || [0, 0];
    map.setView(center, options.zoom || settings.zoom || 13);
    return map;
  }

  // Popup content built as DOM nodes, never as HTML strings: the data may come from residents. "title" and
  // "subtitle" default to "name" and "address" (the directory's GeoJSON carries only those).
  function popupContent(properties) {
    properties = Object.assign({ title: properties.name, subtitle: properties.address }, properties);
    var box = document.createElement("div");
    box.className = "map-popup";
    var heading = document.createElement("p");
    heading.className = "map-popup__title";
    if (properties.url) {
      var link = document.createElement("a");
      link.href = properties.url;
      link.textContent = properties.title || properties.url;
      heading.appendChild(link);
    } else {
      heading.textContent = properties.title || "";
    }
    box.appendChild(heading);
    if (properties.subtitle) {
      var subtitle = document.createElement("p");
      subtitle.className = "map-popup__meta";
      subtitle.textContent = properties.subtitle;
      box.appendChild(subtitle);
    }
    if (properties.links && properties.links.length) {
      var list = document.createElement("ul");
      properties.links.forEach(function (item) {
        var entry = document.createElement("li");
        var anchor = document.createElement("a");
        anchor.href = item.url;
        anchor.textContent = item.title;
        entry.appendChild(anchor);
        list.appendChild(entry);
      });
      box.appendChild(list);
    } else if (properties.empty) {
      var empty = document.createElement("p");
      empty.textContent = properties.empty;
      box.appendChild(empty);
    }
    return box;
  }

  function pointMarker(feature, latlng, colour) {
    var icon = L.divIcon({ className: "map-dot", iconSize: [18, 18], iconAnchor: [9, 9] });
    var title = feature.properties.title || feature.properties.name || "";
    var marker = L.marker(latlng, { icon: icon, title: title, keyboard: true, alt: title });
    marker.on("add", function () {
      // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
      if (marker._icon && colour) { marker._icon.style.backgroundColor = colour; }
    });
    return marker;
  }

  function buildLayer(spec, data) {
    var colour = spec.colour || "#0b4f8a";
    var geojson = L.geoJSON(data, {
      style: function () {
        return { color: colour, weight: 2, fillColor: colour, fillOpacity: spec.fillOpacity || 0.15 };
      },
      pointToLayer: function (feature, latlng) { return pointMarker(feature, latlng, colour); },
      onEachFeature: function (feature, layer) {
        var properties = Object.assign({ title: (feature.properties || {}).name }, feature.properties);
        if (properties.title) {
          layer.bindPopup(function () { return popupContent(properties); });
          if (!(layer instanceof L.Marker)) {
            layer.bindTooltip(properties.title, { sticky: true });
          }
        }
        if (properties.current && layer.setStyle) {
          layer.setStyle({ fillOpacity: 0.45, weight: 4 });
        }
      }
    });
    return geojson;
  }

  var fetched = {};  // layers that share an address share one request

  function fetchJSON(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url, { credentials: "same-origin",
                                  headers: { Accept: "application/geo+json, application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return fetched[url];
  }

  // A layer's data: inline, in a JSON element, or fetched; "filter" keeps the features whose property matches
  // (one GeoJSON split into layers); "urlTemplate" gives each feature its page ("{id}" is the feature's id).
  function loadData(spec) {
    var source = spec.data ? Promise.resolve(spec.data)
      : spec.dataId ? Promise.resolve(readJSON(spec.dataId))
      : spec.url ? fetchJSON(spec.url) : Promise.resolve(null);
    return source.then(function (data) {
      if (!data || !data.features) { return data; }
      var features = data.features;
      if (spec.filter) {
        features = features.filter(function (feature) {
          return (feature.properties || {})[spec.filter.property] === spec.filter.value;
        });
      }
      if (spec.urlTemplate) {
        features = features.map(function (feature) {
          var properties = Object.assign({}, feature.properties);
          if (!properties.url) { properties.url = spec.urlTemplate.replace("{id}", String(feature.id)); }
          return Object.assign({}, feature, { properties: properties });
        });
      }
      return { type: "FeatureCollection", features: features };
    });
  }

  // Clustered layers of one map share one cluster group, so markers of different layers cluster together.
  function clusterOf(map) {
    if (!map.portalCluster && L.markerClusterGroup) {
      map.portalCluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50,
                                                 chunkedLoading: true });
      map.addLayer(map.portalCluster);
    }
    return map.portalCluster;
  }

  function show(map, entry, visible) {
    var cluster = entry.spec.cluster && clusterOf(map);
    if (cluster) {
      if (visible) { cluster.addLayers(entry.layer.getLayers()); } else { cluster.removeLayers(entry.layer.getLayers()); }
    } else if (visible) {
      map.addLayer(entry.layer);
    } else {
      map.removeLayer(entry.layer);
    }
  }

  // A checkbox per layer that can be switched (plain form controls: keyboard and screen-reader friendly).
  function layerSwitches(element, map, entries) {
    var switchable = entries.filter(function (entry) { return entry.spec.switchable; });
    if (!switchable.length) { return; }
    var fieldset = document.createElement("fieldset");
    fieldset.className = "map-layers";
    var legend = document.createElement("legend");
    legend.textContent = labels.layers || "Layers";
    fieldset.appendChild(legend);
    switchable.forEach(function (entry, index) {
      var id = element.id + "-layer-" + index;
      var wrapper = document.createElement("div");
      wrapper.className = "map-layers__item";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.id = id;
      input.checked = entry.spec.visible !== false;
      input.setAttribute("data-layer-id", entry.spec.id || "");
      var label = document.createElement("label");
      label.htmlFor = id;
      var swatch = document.createElement("span");
      swatch.className = "map-layers__swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.backgroundColor = entry.spec.colour || "#0b4f8a";
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(entry.spec.name || entry.spec.id || ""));
      input.addEventListener("change", function () { show(map, entry, input.checked); });
      wrapper.appendChild(input);
      wrapper.appendChild(label);
      fieldset.appendChild(wrapper);
    });
    element.parentNode.insertBefore(fieldset, element);
  }

  function initMap(element) {
    var config = readJSON(element.getAttribute("data-portal-map")) || {};
    var map = newMap(element, config);
    element.portalMap = map;
    var specs = config.layers || [];
    Promise.all(specs.map(loadData)).then(function (datasets) {
      var entries = [];
      var bounds = L.latLngBounds([]);
      specs.forEach(function (spec, index) {
        if (!datasets[index]) { return; }
        var layer = buildLayer(spec, datasets[index]);
        var entry = { spec: spec, layer: layer };
        if (spec.visible !== false) { show(map, entry, true); }
        if (layer.getBounds) {
          var layerBounds = layer.getBounds();
          if (layerBounds.isValid()) { bounds.extend(layerBounds); }
        }
        entries.push(entry);
      });
      layerSwitches(element, map, entries);
      if (config.fit !== false && bounds.isValid()) {
        map.fitBounds(bounds, { padding: [16, 16], maxZoom: config.maxFitZoom || 16 });
      }
      element.setAttribute("data-map-ready", "true");
    });
  }

  // A fieldset of plain latitude/longitude inputs marked data-map-picker gets a map to click on.
  function initPicker(fieldset) {
    var lat = fieldset.querySelector("[data-map-lat]") || fieldset.querySelector("input[name$='lat'], input[name$='latitude']");
    var lon = fieldset.querySelector("[data-map-lon]") || fieldset.querySelector("input[name$='lon'], input[name$='longitude']");
    if (!lat || !lon) { return; }
    var element = document.createElement("div");
    element.className = "portal-map portal-map--picker";
    element.setAttribute("role", "application");
    element.setAttribute("aria-label", fieldset.getAttribute("data-map-label") || labels.picker || "Map");
    var hint = document.createElement("p");
    hint.className = "helptext";
    hint.textContent = labels.pickerHint || "";
    fieldset.appendChild(hint);
    fieldset.appendChild(element);
    var current = function () {
      var a = parseFloat(String(lat.value).replace(",", ".")), b = parseFloat(String(lon.value).replace(",", "."));
      return isFinite(a) && isFinite(b) ? L.latLng(a, b) : null;
    };
    var start = current();
    var map = newMap(element, { center: start || undefined, zoom: start ? 16 : undefined });
    var marker = null;
    function place(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: labels.pickerMarker || "" }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
    }
    function write(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (start) { place(start); }
    map.on("click", function (event) { place(event.latlng); write(event.latlng); });
    [lat, lon].forEach(function (input) {
      input.addEventListener("input", function () {
        var latlng = current();
        if (latlng) { place(latlng); map.panTo(latlng); }
      });
    });
    element.portalMap = map;
    element.setAttribute("data-map-ready", "true");
  }

  // "Use my location" buttons: data-geolocate="FORM_ID" fills that form's lat/lon inputs and submits it.
  function initGeolocate(button) {
    if (!navigator.geolocation) { return; }
    var form = document.getElementById(button.getAttribute("data-geolocate"));
    if (!form) { return; }
    var status = document.getElementById(button.getAttribute("data-geolocate-status"));
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = labels.locating || ""; }
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("[data-map-lat], input[name='lat']").value = position.coords.latitude.toFixed(6);
        form.querySelector("[data-map-lon], input[name='lon']").value = position.coords.longitude.toFixed(6);
        form.submit();
      }, function () {
        if (status) { status.textContent = labels.locationUnavailable || ""; }
      });
    });
  }

  document.querySelectorAll("[data-portal-map]").forEach(initMap);
  document.querySelectorAll("[data-map-picker]").forEach(initPicker);
  document.querySelectorAll("[data-geolocate]").forEach(initGeolocate);
})();
