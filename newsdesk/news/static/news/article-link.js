// The rich-text toolbar's "Article" button (news.rich_text): Wagtail's article chooser opens in
// a modal, and the chosen article becomes a link by id (`<a linktype="article" id="…">`), which
// the site turns into the article's current address on every page, so it survives a slug change.
(() => {
  const { React, DraftJS, draftail } = window;
  if (!draftail || !React || !DraftJS) return;

  class ArticleLinkSource extends draftail.DocumentModalWorkflowSource {
    getChooserConfig() {
      // The article's own edition first (the chooser's filter offers the others).
      const edition = document.getElementById('id_headline')?.dataset.edition;
      return {
        url: this.props.entityType.chooserUrls.articleChooser,
        urlParams: edition ? { locale: edition } : {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    // Wagtail's own handler knows the mutability of its own entity types only; a link is mutable
    // (its text can be edited), and with nothing selected the headline becomes the link's text.
    onChosen(data) {
      const { editorState, entityType, onComplete } = this.props;
      const content = editorState.getCurrentContent();
      const selection = editorState.getSelection();
      const entityData = { id: String(data.id), title: data.string || '', url: data.edit_url || '' };
      const entityKey = content
        .createEntity(entityType.type, 'MUTABLE', entityData)
        .getLastCreatedEntityKey();
      let next;
      if (selection.isCollapsed()) {
        const withText = DraftJS.Modifier.insertText(
          content, selection, entityData.title, null, entityKey,
        );
        next = DraftJS.EditorState.push(editorState, withText, 'insert-characters');
      } else {
        next = DraftJS.RichUtils.toggleLink(editorState, selection, entityKey);
      }
      this.workflow.close();
      onComplete(next);
    }
  }

  const ArticleLink = (props) => {
    const data = props.contentState.getEntity(props.entityKey).getData();
    return React.createElement(
      draftail.TooltipEntity,
      { ...props, icon: 'doc-full', label: data.title || `#${data.id}`, url: data.url || null },
      props.children,
    );
  };

  draftail.registerPlugin(
    { type: 'ARTICLE', source: ArticleLinkSource, decorator: ArticleLink },
    'entityTypes',
  );
})();
