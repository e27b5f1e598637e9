"""gongkai: Chinese government documents to an open-government site and data package."""

__version__ = "0.1.0"
