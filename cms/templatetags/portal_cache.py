"""``{% fragment "name" part ... %}…{% endfragment %}``: a part of a page kept in the cache (cms.pagecache)."""
from django import template
from django.utils.safestring import mark_safe

from cms.pagecache import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return mark_safe(cached_fragment(context.get("request"), self.name.resolve(context), parts,
                                         lambda: self.nodelist.render(context)))


@register.tag
def fragment(parser, token):
    """The name and the values the fragment depends on besides site and language (the page's id, a filter)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
