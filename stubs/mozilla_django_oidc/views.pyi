from django.http import HttpRequest, HttpResponse
from django.views.generic import View

class OIDCAuthenticationCallbackView(View):
    def get(self, request: HttpRequest) -> HttpResponse: ...

class OIDCAuthenticationRequestView(View):
    def get(self, request: HttpRequest) -> HttpResponse: ...
