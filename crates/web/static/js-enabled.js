// Runs first in <body>: marks the page as having JavaScript, as GOV.UK Frontend's template does
// with an inline script (kept out of the page so the Content-Security-Policy needs no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
