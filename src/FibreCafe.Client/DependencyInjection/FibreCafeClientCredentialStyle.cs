namespace FibreCafe.Client;

/// <summary>How the client id and secret are presented to the token endpoint.</summary>
public enum FibreCafeClientCredentialStyle
{
    /// <summary><c>Authorization: Basic base64(client_id:client_secret)</c>, as the gateway documents. The default.</summary>
    BasicAuthentication = 0,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    PostBody = 1,
}
