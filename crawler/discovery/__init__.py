"""Discovery: finding report links and the next list pages on a portal's annual-report column.

Plain functions over a page's URL and text (no Scrapy here beyond parsel), one module per CMS
family, so each can be tested on a saved page. The spider turns what they find into requests.
"""
