/* Bilans: draws each chart from the numbers of the JSON element #bilan-graphiques
 * (the same numbers as the table beside it) with the vendored Chart.js 4.6.1
 * (vendor/chart.umd.min.js, loaded before this file). No inline script or style:
 * the page runs under a strict Content-Security-Policy. */
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("bilan-graphiques");
        if (!source || typeof window.Chart === "undefined") {
            return;
        }
        var specs = JSON.parse(source.textContent);
        var numberFormat = new Intl.NumberFormat("fr-FR");
        specs.forEach(function (spec) {
            var canvas = document.getElementById(spec.id);
            if (!canvas) {
                return;
            }
            // One band per category, so that nine contract types stay readable.
            canvas.parentNode.style.height = (3 + spec.labels.length * 2.6) + "rem";
            new window.Chart(canvas, {
                type: "bar",
                data: {
                    labels: spec.labels,
                    datasets: [{
                        label: spec.measure,
                        data: spec.values.map(Number),
                        backgroundColor: "#1d3f72",
                    }],
                },
                options: {
                    indexAxis: "y",
                    responsive: true,
                    maintainAspectRatio: false,
                    // Printing takes the chart as it is drawn: no animation to wait for.
                    animation: false,
                    plugins: {
                        legend: { display: false },
                        tooltip: {
                            callbacks: {
                                label: function (context) {
                                    return spec.measure + " : " + numberFormat.format(context.parsed.x);
                                },
                            },
                        },
                    },
                    scales: {
                        x: { beginAtZero: true, ticks: { precision: 0 } },
                        y: { ticks: { autoSkip: false } },
                    },
                },
            });
        });
    }

    function printButtons() {
        document.querySelectorAll("[data-print]").forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () { window.print(); });
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        printButtons();
        draw();
    });
})();
