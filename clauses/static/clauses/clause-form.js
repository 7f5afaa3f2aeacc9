// The clause form: choosing a lot copies its amount into the calculator's amount, unless
// the person has typed another one. The form works without it (the only lot's amount is
// already there). No inline script, so that a strict Content-Security-Policy holds.
(function () {
    "use strict";

    var lot = document.getElementById("id_lot");
    var amount = document.getElementById("id_calc_montant");
    if (!lot || !amount) {
        return;
    }
    var copied = amount.value;

    lot.addEventListener("change", function () {
        var option = lot.options[lot.selectedIndex];
        var lotAmount = option ? option.getAttribute("data-amount") : null;
        if (lotAmount && (amount.value.trim() === "" || amount.value === copied)) {
            amount.value = lotAmount;
            copied = lotAmount;
        }
    });
}());
