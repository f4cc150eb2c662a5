"""Single sign-on with OpenID Connect (mozilla-django-oidc), for organisations that have an
identity provider. Off unless configured; it proves who someone is, and Nærvær's own users and
roles still decide what they may see."""
