using FibreCafe.Operations.Security;

namespace FibreCafe.Operations.Tests.Http;

public sealed class BodyRedactorTests
{
    [Fact]
    public void A_json_body_is_indented_and_secret_properties_are_masked_at_any_depth()
    {
        var shown = BodyRedactor.Show("""{"orderId":12345,"auth":{"client_secret":"s3cr3t","Password":"hunter2","access-token":"eyJabc"},"notes":["ok"]}""");

        Assert.Contains("\n", shown, StringComparison.Ordinal);
        Assert.Contains("\"orderId\": 12345", shown, StringComparison.Ordinal);
        Assert.Contains("\"notes\": [", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJabc", shown, StringComparison.Ordinal);
        Assert.Equal(3, shown.Split(BodyRedactor.Mask).Length - 1);
    }

    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi", "abc.def-ghi")]
    [InlineData("sent with Basic dXNlcjpwYXNz to the gateway", "dXNlcjpwYXNz")]
    [InlineData("callback https://user:pa55@listener.example/hook failed", "pa55")]
    [InlineData("callback https://listener.example/hook?token=t0k3n failed", "t0k3n")]
    [InlineData("password=hunter2 in the error", "hunter2")]
    public void Credentials_in_free_text_are_cut_out(string text, string secret)
    {
        var shown = BodyRedactor.RedactText(text);

        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.Contains(BodyRedactor.Mask, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_inside_json_get_the_free_text_rules_and_plain_words_stay()
    {
        var shown = BodyRedactor.Show("""{"error":"upstream said Bearer zzz999","reason":"CUSTOMER_CHANGED_MIND","url":"https://h.example/x?key=1"}""");

        Assert.DoesNotContain("zzz999", shown, StringComparison.Ordinal);
        Assert.Contains("CUSTOMER_CHANGED_MIND", shown, StringComparison.Ordinal);
        Assert.Contains("https://h.example/x?" + BodyRedactor.Mask, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_json_is_shown_as_text_and_a_long_one_is_cut_and_says_so()
    {
        Assert.Equal("plain <text>", BodyRedactor.Show("plain <text>"));
        Assert.Equal(string.Empty, BodyRedactor.Show(null));

        var shown = BodyRedactor.Show(new string('x', OperationsConstants.MaxShownBodyCharacters + 10));

        Assert.StartsWith(new string('x', OperationsConstants.MaxShownBodyCharacters), shown, StringComparison.Ordinal);
        Assert.EndsWith("(cut: 10 more characters)", shown, StringComparison.Ordinal);
    }
}
