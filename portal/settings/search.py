"""Search backend configuration, chosen by ELASTICSEARCH_URL.

Kept apart from base.py so that tests can check the Elasticsearch settings
without a server: `search_backends(url)` is a pure function.
"""

# French analysis: elision ("l'insertion" -> "insertion"), lowercase,
# asciifolding (accents), French stop words and a light stemmer, so that
# "marches" finds "marchés" and "clauses" finds "clause".
FRENCH_ANALYSIS = {
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu",
                         "lorsqu", "puisqu"],
        },
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_stemmer": {"type": "stemmer", "language": "light_french"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "french_elision",
                "lowercase",
                "asciifolding",
                "french_stop",
                "french_stemmer",
            ],
        },
    },
}


def search_backends(elasticsearch_url: str, index_prefix: str = "clauses_") -> dict:
    if not elasticsearch_url:
        # Wagtail's database backend, in French (see search/backends/database.py).
        return {"default": {"BACKEND": "search.backends.database"}}
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [elasticsearch_url],
            "INDEX_PREFIX": index_prefix,
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {"settings": {"analysis": FRENCH_ANALYSIS}},
        }
    }
