/*
 * Never loaded: Wagtail's script strings (its "djangojs" domain) that editors see and that have
 * no Latvian upstream, listed so `makemessages -d djangojs` keeps them in the project's
 * catalogue (locale/lv/LC_MESSAGES/djangojs.po), which Wagtail's JavaScript catalogue view
 * reads before its own. The Python side is catalogue_pages/admin_messages.py.
 */
/* global gettext */
[
  // sidebar
  gettext("(%(number)s new items in this menu)"),
  // page editor: minimap, comments
  gettext("Collapse all"),
  gettext("Expand all"),
  gettext("More actions"),
];
