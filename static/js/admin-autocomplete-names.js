'use strict';
// Names the admin's autocomplete fields (select2) after their label: select2 names its
// field only by the text it shows, which is nothing while no entry is chosen. Runs after
// Django's autocomplete.js has set the fields up (jQuery runs ready handlers in order).
django.jQuery(function() {
    for (const select of document.querySelectorAll('select.admin-autocomplete')) {
        const label = document.querySelector(`label[for="${select.id}"]`);
        const shown = document.getElementById(`select2-${select.id}-container`);
        if (!label || !shown) {
            continue;
        }
        label.id = label.id || `${select.id}_label`;
        shown.setAttribute('aria-labelledby', label.id);
        shown.closest('.select2-selection').setAttribute('aria-labelledby', `${label.id} ${shown.id}`);
    }
});
