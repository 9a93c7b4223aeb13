  // Black or white text on a data-accent colour, whichever has the higher WCAG contrast.
  function onAccent(accent, probe) {
    probe.style.color = accent;
    var rgb = (window.getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || [0, 0, 0]);
    var lum = [], i, c;
    for (i = 0; i < 3; i++) {
      c = rgb[i] / 255;
      lum.push(c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    probe.style.color = "";
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#111111" : "#ffffff";
  }
