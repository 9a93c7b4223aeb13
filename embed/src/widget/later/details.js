  // A task's details in place of the list, focused at their heading; "back" returns the
  // focus to the title that opened them.
  function openDetails(w, task, opener) {
    var view = taskDetails(task, w);
    w.opener = opener;
    showAside(w, view);
    view.focusHeading();
    emit(w.el, "volunteer:task-open", { taskId: task.id });
  }

  function closeDetails(w) {
    closeFrame(w);
    showAside(w);
    refocus(w.opener);
  }
