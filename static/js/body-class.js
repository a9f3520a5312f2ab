// GOV.UK Frontend styles JavaScript-enhanced components only when the body says JS is available.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
