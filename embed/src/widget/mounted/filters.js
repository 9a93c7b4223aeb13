  var HOURS = [2, 5, 10];

  function field(label, control) {
    return h("div", { class: "vw-field" }, [h("label", { for: control.id, text: label }), control]);
  }

  function fillSelect(select, anyLabel, pairs, chosen) {
    clear(select);
    select.appendChild(h("option", { value: "", text: anyLabel }));
    for (var i = 0; i < pairs.length; i++) {
      select.appendChild(h("option", { value: pairs[i][0], text: pairs[i][1],
        selected: pairs[i][0] === chosen }));
    }
  }

  // data-skills preselects the first skill of its comma list.
  function presetSkill(options) {
    return (options.skills || "").split(",")[0].trim();
  }

  // The filter form in the current language, keeping what the visitor chose.
  function drawFilters(w) {
    var tr = w.tr, seen = w.seen || { categories: [], skills: [] }, hourChoices = [], i;
    clear(w.filters);
    fillSelect(w.category, tr.t("anyCategory"), seen.categories, w.category.value || w.options.category);
    fillSelect(w.skill, tr.t("anySkill"), seen.skills, w.skill.value || presetSkill(w.options));
    for (i = 0; i < HOURS.length; i++) {
      hourChoices.push([String(HOURS[i]), tr.t("upTo", { n: tr.number(HOURS[i]) })]);
    }
    fillSelect(w.hours, tr.t("anyHours"), hourChoices, w.hours.value);
    w.filters.setAttribute("aria-label", searchName(w));
    for (i = 0; i < 4; i++) w.filters.appendChild(field(tr.t(FILTERS[i]), w[FILTERS[i]]));
    w.more.textContent = tr.t("more");
  }
