"""Packaging for scrapyd: `scrapyd-deploy` builds an egg of the project from this file."""

from setuptools import find_packages, setup

setup(
    name="gov_reports",
    version="0.1",
    packages=find_packages(include=["crawler", "crawler.*", "pipelines", "pipelines.*"]),
    package_data={"crawler": ["sites.toml"]},  # the registry is read as package data inside the egg
    entry_points={"scrapy": ["settings = crawler.settings"]},
    zip_safe=False,
)
