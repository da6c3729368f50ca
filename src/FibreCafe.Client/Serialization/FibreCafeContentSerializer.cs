using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace FibreCafe.Client.Serialization;

/// <summary>
/// Refit's <see cref="SystemTextJsonContentSerializer"/> over the client's source-generated context, with one
/// change: a request body serialized up front (<see cref="RequestBodySerializationMode.Buffered"/>) carries its
/// <c>Content-Type</c> as the ready string <c>application/json; charset=utf-8</c> instead of a new
/// <see cref="System.Net.Http.Headers.MediaTypeHeaderValue"/> with a charset parameter, which costs about 180 bytes
/// per call and is formatted back into the same string when sent. Bytes, headers and everything else are the inner
/// serializer's.
/// </summary>
internal sealed class FibreCafeContentSerializer(JsonSerializerOptions options) :
    IHttpContentSerializer,
    ISynchronousContentSerializer,
    ISynchronousContentDeserializer,
    IStreamingContentSerializer,
    IJsonTypeInfoContentSerializer
{
    // What MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } writes.
    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly SystemTextJsonContentSerializer _inner = new(options);

    public HttpContent ToHttpContentSynchronous<T>(T item) => Buffered(item, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));

    public HttpContent ToHttpContentSynchronous<T>(T item, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Buffered(item, typeInfo);
    }

    public HttpContent ToHttpContent<T>(T item) => _inner.ToHttpContent(item);

    public HttpContent ToHttpContent<T>(T item, JsonTypeInfo<T> typeInfo) => _inner.ToHttpContent(item, typeInfo);

    public HttpContent ToStreamingHttpContent<T>(T item) => _inner.ToStreamingHttpContent(item);

    public HttpContent ToStreamingHttpContent<T>(T item, JsonTypeInfo<T> typeInfo) => _inner.ToStreamingHttpContent(item, typeInfo);

    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default) =>
        _inner.FromHttpContentAsync<T>(content, cancellationToken);

    public Task<T?> FromHttpContentAsync<T>(HttpContent content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        _inner.FromHttpContentAsync(content, typeInfo, cancellationToken);

    public T? DeserializeFromString<T>(string content) => _inner.DeserializeFromString<T>(content);

    public T? DeserializeFromString<T>(string content, JsonTypeInfo<T> typeInfo) => _inner.DeserializeFromString(content, typeInfo);

    public IAsyncEnumerable<T?> DeserializeStreamAsync<T>(Stream stream, StreamingContentFormat format, CancellationToken cancellationToken = default) =>
        _inner.DeserializeStreamAsync<T>(stream, format, cancellationToken);

    public IAsyncEnumerable<T?> DeserializeStreamAsync<T>(
        Stream stream, StreamingContentFormat format, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        _inner.DeserializeStreamAsync(stream, format, typeInfo, cancellationToken);

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) => _inner.GetFieldNameForProperty(propertyInfo);

    private static ByteArrayContent Buffered<T>(T item, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(item, typeInfo));
        content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        return content;
    }
}
