using DeviceTrust.Application.Accounts.ApiTokens;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Accounts.ApiTokens.RevokeApiToken;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

public sealed record CreateTokenBody(string Name, int? ExpiresInDays);

internal static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/me/tokens").WithTags("API tokens");
        tokens.MapGet("/", (ApiTokenQueries queries, HttpContext http, CancellationToken ct) => queries.ListAsync(http.User.ToActor().UserId!, ct))
            .WithName("ListMyTokens").WithSummary("Your API tokens (never the secrets).");
        tokens.MapPost("/", async Task<Created<CreatedApiToken>> (CreateTokenBody body, CreateApiTokenHandler create, HttpContext http, CancellationToken ct) =>
            {
                var created = await create.HandleAsync(http.User.ToActor(), body.Name, body.ExpiresInDays, ct);
                return TypedResults.Created($"/api/v1/me/tokens/{created.Info.Id}", created);
            })
            .WithName("CreateToken").WithSummary("Creates a token; the response is the only time its secret is shown.");
        tokens.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, RevokeApiTokenHandler revoke, HttpContext http, CancellationToken ct) =>
            {
                await revoke.HandleAsync(http.User.ToActor(), id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeToken").WithSummary("Revokes one of your tokens.");
        return api;
    }
}
