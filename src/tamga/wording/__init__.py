"""The words tamga shows people: message catalogues (Russian, Kazakh, English), labels, alert
titles, and numbers and dates in each language's format.

Shared by the dashboard and the case files, so a case file says what the page says.
"""
