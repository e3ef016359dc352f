/**
 * Served as /docs/relia-oauth.js, after Swagger UI's own scripts and before it starts. Swagger
 * UI derives its OAuth redirect from the page's directory, which for `/docs` is the site root;
 * the redirect page is /docs/oauth2-redirect.html, and its absolute URL depends on the host the
 * browser used, so it is set here, in the browser, by wrapping the constructor the page calls.
 */
export const swaggerOAuthScript = `(function () {
  var original = window.SwaggerUIBundle;
  if (!original) return;
  var redirect = window.location.origin + '/docs/oauth2-redirect.html';
  window.SwaggerUIBundle = Object.assign(function (options) {
    return original(Object.assign({}, options, { oauth2RedirectUrl: redirect }));
  }, original);
})();
`;
