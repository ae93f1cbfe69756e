"""Date formats where Django's default is not what the page's readers expect."""
