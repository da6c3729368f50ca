namespace FibreCafe.Client.Authentication;

/// <summary>Tokens are cached per token endpoint, client id and scope.</summary>
internal readonly record struct TokenCacheKey(Uri TokenEndpoint, string ClientId, string? Scope);
