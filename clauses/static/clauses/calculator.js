// Insertion-hours calculator: progressive enhancement of a form that works without it.
// The result follows typing by asking the JSON API, which applies the very rules of the
// page (clauses/calculator.py); nothing is computed here. No inline script or style, so
// that a strict Content-Security-Policy holds.
(function () {
    "use strict";

    var form = document.querySelector("[data-calculator-form]");
    var output = document.querySelector("[data-calculator-output]");
    if (!form || !output || !window.fetch || !window.URLSearchParams) {
        return;
    }
    var apiUrl = form.getAttribute("data-api-url");
    var numberFormat = new Intl.NumberFormat("fr-FR");
    var centsFormat = new Intl.NumberFormat("fr-FR", {
        minimumFractionDigits: 2, maximumFractionDigits: 2,
    });
    var timer = null;
    var controller = null;
    var requestNumber = 0;

    function currentFormula() {
        var checked = form.querySelector('input[name="formule"]:checked');
        return checked ? checked.value : "standard";
    }

    // Only the fields of the chosen formula are shown; the others stay in the page
    // (the server ignores them) so that switching back keeps what was typed.
    function showFormulaFields() {
        var formula = currentFormula();
        form.querySelectorAll("[data-formula-fields]").forEach(function (fieldset) {
            fieldset.hidden = fieldset.getAttribute("data-formula-fields") !== formula;
        });
    }

    function element(tag, text, className) {
        var node = document.createElement(tag);
        if (text !== undefined) {
            node.textContent = text;
        }
        if (className) {
            node.className = className;
        }
        return node;
    }

    function describedBy(input, id, present) {
        var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
        ids = ids.filter(function (other) { return other !== id; });
        if (present) {
            ids.push(id);
        }
        if (ids.length) {
            input.setAttribute("aria-describedby", ids.join(" "));
        } else {
            input.removeAttribute("aria-describedby");
        }
    }

    // Same markup as Django's field errors: <ul class="errorlist" id="<input id>_error">.
    function setFieldError(input, message) {
        var errorId = input.id + "_error";
        var list = document.getElementById(errorId);
        if (!message) {
            if (list) {
                list.remove();
            }
            input.removeAttribute("aria-invalid");
            describedBy(input, errorId, false);
            return;
        }
        if (!list) {
            list = element("ul", undefined, "errorlist");
            list.id = errorId;
            input.parentNode.insertBefore(list, input);
        }
        list.replaceChildren(element("li", message));
        input.setAttribute("aria-invalid", "true");
        describedBy(input, errorId, true);
    }

    function textInputs() {
        return Array.prototype.slice.call(form.querySelectorAll('input[type="text"]'));
    }

    // While typing, an empty field is not an error yet: only what was typed is judged.
    function showFieldErrors(errors) {
        textInputs().forEach(function (input) {
            var messages = errors[input.name];
            var typed = input.value.trim() !== "";
            setFieldError(input, typed && messages ? messages.join(" ") : "");
        });
    }

    function dropErrorSummary() {
        var summary = document.querySelector("[data-error-summary]");
        if (summary) {
            summary.remove();
        }
    }

    function showMessage(text) {
        output.replaceChildren(element("p", text));
    }

    function showResult(body) {
        var nodes = [];
        var headline = element("p");
        headline.appendChild(element(
            "strong", numberFormat.format(body.heures) + (body.heures > 1 ? " heures" : " heure") +
                " d'insertion", "calculator-hours"
        ));
        var radio = form.querySelector('input[name="formule"][value="' + body.formule + '"]');
        if (radio && radio.labels && radio.labels.length) {
            headline.appendChild(document.createTextNode(
                " (" + radio.labels[0].textContent.trim().toLowerCase() + ")"
            ));
        }
        nodes.push(headline);
        nodes.push(element(
            "p", "Avant arrondi : " + centsFormat.format(Number(body.heures_exactes)) + " h."
        ));
        var steps = element("ol", undefined, "calculator-steps");
        body.detail_calcul.forEach(function (line) { steps.appendChild(element("li", line)); });
        nodes.push(steps);
        if (body.avertissements.length) {
            var warnings = element("ul", undefined, "calculator-warnings");
            body.avertissements.forEach(function (text) {
                var item = element("li");
                item.appendChild(element("strong", text));
                warnings.appendChild(item);
            });
            nodes.push(warnings);
        }
        output.replaceChildren.apply(output, nodes);
    }

    function queryString() {
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, name) {
            if (typeof value === "string" && value.trim() !== "") {
                params.append(name, value.trim());
            }
        });
        return params.toString();
    }

    function compute() {
        var query = queryString();
        var number = ++requestNumber;
        if (controller) {
            controller.abort();
        }
        controller = window.AbortController ? new AbortController() : null;
        fetch(apiUrl + "?" + query, {
            headers: { Accept: "application/json" },
            signal: controller ? controller.signal : undefined,
        }).then(function (response) {
            return response.json().then(function (body) {
                return { status: response.status, body: body };
            });
        }).then(function (answer) {
            if (number !== requestNumber) {
                return;
            }
            dropErrorSummary();
            if (answer.status === 200) {
                showFieldErrors({});
                showResult(answer.body);
                // The address keeps the data, as after a submit: the result can be shared.
                window.history.replaceState(null, "", "?" + query);
            } else if (answer.status === 422 && answer.body.erreurs) {
                showFieldErrors(answer.body.erreurs);
                showMessage("Complétez ou corrigez les champs pour obtenir le résultat.");
            } else {
                showMessage("Le calcul automatique est indisponible : choisissez « Calculer ».");
            }
        }).catch(function (error) {
            if (error.name !== "AbortError" && number === requestNumber) {
                showMessage("Le calcul automatique est indisponible : choisissez « Calculer ».");
            }
        });
    }

    function schedule() {
        window.clearTimeout(timer);
        timer = window.setTimeout(compute, 300);
    }

    form.addEventListener("input", schedule);
    // A trade gives its usual labour share, which the person may then adjust.
    function copyLabourShare(select) {
        var option = select.options[select.selectedIndex];
        var share = option ? option.getAttribute("data-labour-share") : null;
        var input = form.querySelector('input[name="part_main_oeuvre"]');
        if (share && input) {
            input.value = share;
        }
    }

    form.addEventListener("change", function (event) {
        if (event.target.name === "formule") {
            showFormulaFields();
            schedule();
        } else if (event.target.name === "metier") {
            copyLabourShare(event.target);
            schedule();
        }
    });
    showFormulaFields();
}());
