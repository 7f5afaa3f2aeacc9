// "Copier" buttons of clause templates: copy the clause's plain text to the clipboard.
(function () {
    "use strict";

    function announce(targetId, message) {
        var status = document.querySelector('[data-copy-status="' + targetId + '"]');
        if (status) { status.textContent = message; }
    }

    function selectText(element) {
        var range = document.createRange();
        range.selectNodeContents(element);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-copy-target]");
        if (!button) { return; }
        var targetId = button.getAttribute("data-copy-target");
        var target = document.getElementById(targetId);
        if (!target) { return; }
        var text = target.textContent;
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(function () {
                announce(targetId, "Texte copié dans le presse-papiers.");
            }, function () {
                selectText(target);
                announce(targetId, "Copie impossible : le texte est sélectionné, copiez-le avec Ctrl+C.");
            });
        } else {
            selectText(target);
            announce(targetId, "Le texte est sélectionné : copiez-le avec Ctrl+C.");
        }
    });
}());
