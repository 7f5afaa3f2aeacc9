/*
 * Suggestions while typing in the search field of /recherche/ (progressive
 * enhancement: without this script the form is a plain GET form).
 *
 * The field becomes an ARIA 1.2 combobox controlling a listbox: arrow keys move
 * through the suggestions (aria-activedescendant), Enter opens the chosen one,
 * Escape closes the list. Titles come from /recherche/suggestions/, filtered by
 * what the person may see, and are inserted as text, never as HTML.
 */
(function () {
    "use strict";

    var form = document.querySelector("form[data-suggestions-url]");
    var input = form && form.querySelector("input[type=search]");
    if (!input || !window.fetch) {
        return;
    }
    var url = form.getAttribute("data-suggestions-url");
    var listbox = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;

    listbox.id = "search-suggestions";
    listbox.className = "search-suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions");
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(listbox);
    input.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function close() {
        listbox.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
        active = -1;
    }

    function highlight(index) {
        items.forEach(function (item, i) {
            item.element.setAttribute("aria-selected", i === index ? "true" : "false");
        });
        active = index;
        if (index >= 0) {
            input.setAttribute("aria-activedescendant", items[index].element.id);
            items[index].element.scrollIntoView({block: "nearest"});
        } else {
            input.removeAttribute("aria-activedescendant");
        }
    }

    function render(suggestions) {
        listbox.textContent = "";
        items = suggestions.map(function (suggestion, i) {
            var option = document.createElement("li");
            var title = document.createElement("span");
            var type = document.createElement("span");
            option.id = "search-suggestion-" + i;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            title.textContent = suggestion.title;
            type.className = "search-suggestion-type";
            type.textContent = suggestion.type;
            option.appendChild(title);
            option.appendChild(type);
            option.addEventListener("mousedown", function (event) {
                event.preventDefault(); // keep the focus in the field
                window.location.assign(suggestion.url);
            });
            listbox.appendChild(option);
            return {element: option, url: suggestion.url};
        });
        active = -1;
        if (items.length) {
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
            status.textContent = items.length + (items.length > 1 ?
                " suggestions disponibles, flèches haut et bas pour les parcourir." :
                " suggestion disponible, flèche bas pour la choisir.");
        } else {
            close();
            status.textContent = "";
        }
    }

    function fetchSuggestions() {
        var query = input.value.trim();
        if (query.length < 2) {
            render([]);
            return;
        }
        if (controller) {
            controller.abort();
        }
        controller = window.AbortController ? new AbortController() : null;
        fetch(url + "?q=" + encodeURIComponent(query), {
            headers: {"Accept": "application/json"},
            credentials: "same-origin",
            signal: controller ? controller.signal : undefined
        }).then(function (response) {
            return response.ok ? response.json() : {suggestions: []};
        }).then(function (data) {
            if (input.value.trim() === query) {
                render(data.suggestions || []);
            }
        }).catch(function () { /* aborted or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(fetchSuggestions, 200);
    });

    input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") {
            if (listbox.hidden && items.length) {
                listbox.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
            if (items.length) {
                event.preventDefault();
                highlight((active + 1) % items.length);
            }
        } else if (event.key === "ArrowUp") {
            if (items.length && !listbox.hidden) {
                event.preventDefault();
                highlight(active <= 0 ? items.length - 1 : active - 1);
            }
        } else if (event.key === "Enter") {
            if (!listbox.hidden && active >= 0) {
                event.preventDefault();
                window.location.assign(items[active].url);
            }
        } else if (event.key === "Escape") {
            if (!listbox.hidden) {
                event.preventDefault();
                close();
            }
        }
    });

    input.addEventListener("blur", function () {
        window.setTimeout(close, 150);
    });
}());
